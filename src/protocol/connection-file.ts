/**
 * The connection file a Jupyter server writes for a kernel: where to bind and how to sign.
 * Parsing validates every field the kernel relies on and names the bad one, so a broken file is
 * a clear start-up error instead of a socket that silently never connects.
 */
import { readFile, writeFile } from 'node:fs/promises';

export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

export const CHANNEL_PORTS = [
  'shell_port',
  'iopub_port',
  'stdin_port',
  'control_port',
  'hb_port',
] as const;

export class ConnectionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionFileError';
  }
}

const HINT =
  'The kernel is normally started by Jupyter, which writes this file (see `jupyter kernelspec list`).';

export function parseConnectionInfo(text: string, source = 'connection file'): ConnectionInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConnectionFileError(`The ${source} is not valid JSON. ${HINT}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConnectionFileError(`The ${source} must hold a JSON object. ${HINT}`);
  }
  const fields = raw as Record<string, unknown>;
  const transport = fields.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc') {
    throw new ConnectionFileError(
      `The ${source} has transport "${String(transport)}"; use "tcp" or "ipc".`,
    );
  }
  const ip = fields.ip ?? '127.0.0.1';
  if (typeof ip !== 'string' || ip === '') {
    throw new ConnectionFileError(`The ${source} has no usable "ip" (e.g. "127.0.0.1").`);
  }
  const ports = {} as Record<(typeof CHANNEL_PORTS)[number], number>;
  for (const name of CHANNEL_PORTS) {
    const port = fields[name];
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConnectionFileError(
        `The ${source} has an invalid "${name}" (${JSON.stringify(port)}); expected a port 1-65535.`,
      );
    }
    ports[name] = port;
  }
  const key = fields.key ?? '';
  if (typeof key !== 'string')
    throw new ConnectionFileError(`The ${source} has a non-string "key".`);
  const scheme = fields.signature_scheme ?? 'hmac-sha256';
  if (typeof scheme !== 'string') {
    throw new ConnectionFileError(
      `The ${source} has a non-string "signature_scheme" (e.g. "hmac-sha256").`,
    );
  }
  const kernelName = typeof fields.kernel_name === 'string' ? fields.kernel_name : undefined;
  return {
    transport,
    ip,
    ...ports,
    key,
    signature_scheme: scheme,
    ...(kernelName ? { kernel_name: kernelName } : {}),
  };
}

export async function readConnectionFile(path: string): Promise<ConnectionInfo> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConnectionFileError(`Cannot read the connection file ${path} (${code}). ${HINT}`);
  }
  return parseConnectionInfo(text, `connection file ${path}`);
}

/** Written owner-only: the key inside lets anyone run code in the kernel. */
export async function writeConnectionFile(path: string, info: ConnectionInfo): Promise<void> {
  await writeFile(path, JSON.stringify(info, null, 2), { mode: 0o600 });
}

export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === 'tcp' ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
