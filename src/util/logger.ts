/**
 * Kernel diagnostics go to stderr (Jupyter servers capture it into their log), never to the
 * notebook. Messages must not contain secrets: callers pass identifiers, not credentials.
 * Logging never throws: a kernel whose parent died has a broken stderr pipe (EPIPE), and a
 * failed log line must not take down the kernel before it has stopped its session.
 * Lines go through the one secret-masking rule (util/secrets.ts) on their way out.
 */
import { maskSecretsInText } from './secrets.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** The part of a writable stream logging needs (process.stderr, or a fake in tests). */
export interface LogStream {
  write(text: string): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

const guarded = new WeakSet<LogStream>();

/**
 * Makes write errors on `stream` harmless. A pipe reports EPIPE or EAGAIN as an 'error' event
 * after write() returns; with no listener Node turns it into an uncaught exception.
 */
export function ignoreWriteErrors(stream: LogStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => undefined);
}

/** Writes `text`, or silently nothing when the stream is closed or broken. */
export function writeQuietly(stream: LogStream, text: string): void {
  ignoreWriteErrors(stream);
  try {
    stream.write(text);
  } catch {
    // A destroyed stream may also throw synchronously; there is nowhere left to report it.
  }
}

export function stderrLogger(
  level: LogLevel = 'warn',
  prefix = 'glue-kernel',
  stream: LogStream = process.stderr,
): Logger {
  const min = ORDER.indexOf(level);
  const write = (lvl: LogLevel, message: string): void => {
    if (ORDER.indexOf(lvl) < min) return;
    writeQuietly(stream, `[${prefix} ${lvl}] ${maskSecretsInText(message)}\n`);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
