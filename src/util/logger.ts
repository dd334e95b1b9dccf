/**
 * Kernel diagnostics go to stderr (Jupyter servers capture it into their log), never to the
 * notebook. Messages must not contain secrets: callers pass identifiers, not credentials.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function stderrLogger(level: LogLevel = 'warn', prefix = 'glue-kernel'): Logger {
  const min = ORDER.indexOf(level);
  const write = (lvl: LogLevel, message: string): void => {
    if (ORDER.indexOf(lvl) >= min) process.stderr.write(`[${prefix} ${lvl}] ${message}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
