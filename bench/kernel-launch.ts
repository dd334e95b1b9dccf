/**
 * How the benchmarks start kernels (each with a fresh connection file), the raw time from spawn
 * to kernel_info_reply, and a process's resident memory from /proc.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { KERNEL_NODE_FLAGS } from '../src/app/kernel-kinds.js';
import { KernelProcess } from '../src/client/kernel-process.js';
import { newConnection } from '../src/client/new-connection.js';
import { MessageFactory, type JupyterMessage } from '../src/protocol/messages.js';
import { ZmqClientTransport } from '../src/protocol/zmq-client-transport.js';
import { silentLogger } from '../src/util/logger.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The bundled CLI that installed kernelspecs run (scripts/bundle.mjs). */
export const BUILT_CLI = join(REPO_ROOT, 'dist', 'bundle', 'glue-kernel.js');
/** The same CLI as tsc emits it, module by module: the start time before bundling. */
export const UNBUNDLED_CLI = join(REPO_ROOT, 'dist', 'cli', 'glue-kernel.js');

/** Exactly what an installed kernelspec runs (same node flags); `cli` is the bundle by default. */
export function ourKernelArgv(cli = BUILT_CLI): string[] {
  return [
    process.execPath,
    ...KERNEL_NODE_FLAGS,
    cli,
    'kernel',
    '--kind',
    'pyspark',
    '-f',
    '{connection_file}',
  ];
}

/**
 * The environment without the user's AWS and Glue settings (a benchmark must not reach a real
 * account), plus `extra`. Shared AWS files point nowhere.
 */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(aws_|glue_|request_origin)/i.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: '/nonexistent/glue-kernel-bench',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/glue-kernel-bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** VmRSS of a live process in bytes (Linux /proc), or undefined when it cannot be read. */
export async function residentBytes(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

export interface StartSample {
  /** Spawn to the kernel_info_reply's arrival, ms. */
  ms: number;
  /** The kernel's resident memory right after the reply. */
  rssBytes: number | undefined;
}

/**
 * Spawns a kernel, sends kernel_info_request at once (ZeroMQ queues it until the kernel binds)
 * and times spawn → kernel_info_reply. The kernel is shut down (killed if it does not comply)
 * before this resolves or rejects.
 */
export async function timeStartToKernelInfo(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<StartSample> {
  const { connection, connectionFile, workDir } = await newConnection('glue-kernel-bench-');
  const factory = new MessageFactory({ session: randomUUID(), username: 'glue-kernel-bench' });
  const transport = ZmqClientTransport.connect(connection, silentLogger);
  const waiting = new Map<string, (message: JupyterMessage) => void>();
  transport.listen((_channel, message) => {
    const parent = message.parent_header.msg_id;
    if (parent !== undefined) waiting.get(parent)?.(message);
  });
  const replyTo = (request: JupyterMessage, ms: number): Promise<JupyterMessage | undefined> =>
    new Promise((done) => {
      const timer = setTimeout(() => done(undefined), ms);
      waiting.set(request.header.msg_id, (message) => {
        clearTimeout(timer);
        done(message);
      });
    });

  const infoRequest = factory.message('kernel_info_request', {});
  const started = performance.now();
  const kernel = KernelProcess.spawn(argv, connectionFile, { env });
  try {
    const reply = replyTo(infoRequest, timeoutMs);
    await transport.send('shell', infoRequest);
    const exitedEarly = kernel.exited.then(() => undefined);
    const answer = await Promise.race([reply, exitedEarly]);
    const ms = performance.now() - started;
    if (!answer) {
      const why = kernel.hasExited ? 'exited' : `gave no kernel_info_reply within ${timeoutMs} ms`;
      const lastLine = kernel.stderr.trim().split('\n').at(-1)?.trim();
      const command = argv.filter((arg) => arg !== '{connection_file}' && arg !== '-f').join(' ');
      throw new Error(`${command} ${why}${lastLine ? ` (${lastLine})` : ''}`);
    }
    return { ms, rssBytes: await residentBytes(kernel.pid) };
  } finally {
    const shutdown = factory.message('shutdown_request', { restart: false });
    if (!kernel.hasExited) {
      await transport.send('control', shutdown).catch(() => {});
      await Promise.race([kernel.exited, delay(3000)]);
    }
    await kernel.kill();
    await transport.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Spawn → exit of a command that does nothing: the runtime's own start-up floor. */
export async function timeBareStart(argv: readonly string[], timeoutMs: number): Promise<number> {
  const [command, ...args] = argv;
  const started = performance.now();
  const child = spawn(command!, args, { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await new Promise<number | null>((done, fail) => {
      child.once('exit', (exitCode) => done(exitCode));
      child.once('error', fail);
    });
    if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${String(code)}`);
    return performance.now() - started;
  } finally {
    clearTimeout(timer);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
