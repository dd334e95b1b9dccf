/**
 * Runs a kernel process over ZeroMQ for a given interpreter: read the connection file, bind the
 * sockets, start the Kernel, route SIGINT to an interrupt and SIGTERM/SIGHUP to a clean
 * shutdown. The composition root (src/app/main.ts) chooses the interpreter; test entries reuse this.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { readConnectionFile } from '../protocol/connection-file.js';
import { MessageFactory } from '../protocol/messages.js';
import { ZmqTransport } from '../protocol/zmq-transport.js';
import type { Logger } from '../util/logger.js';
import type { Interpreter } from '../kernel-api/interpreter.js';
import { Kernel } from './kernel.js';

export interface ServeKernelOptions {
  connectionFile: string;
  interpreter: Interpreter;
  logger: Logger;
  /** How the process ends; injected so nothing here calls process.exit in tests. */
  exit: (code: number) => void;
  /** Bound on interpreter.shutdown during a signal-driven stop. */
  signalShutdownMs?: number;
  /** How often to check that the parent process is still there (ms). */
  parentPollMs?: number;
}

export async function serveKernel(options: ServeKernelOptions): Promise<Kernel> {
  const connection = await readConnectionFile(options.connectionFile);
  const factory = new MessageFactory({ session: randomUUID(), username: safeUserName() });
  const transport = await ZmqTransport.bind({ connection, factory, logger: options.logger });
  const kernel = new Kernel({
    transport,
    interpreter: options.interpreter,
    factory,
    logger: options.logger,
    onShutdown: () => options.exit(0),
  });
  process.on('SIGINT', () => kernel.interrupt());
  const stop = (signal: string): void => {
    // The session is stopped first, logging after: when the parent died, stderr may be a
    // broken pipe, and nothing must come between the kernel and stopping what costs money.
    const bound = new Promise<void>((resolve) =>
      setTimeout(resolve, options.signalShutdownMs ?? 5000).unref(),
    );
    void Promise.race([options.interpreter.shutdown(false).catch(() => undefined), bound])
      .then(() => options.logger.info(`${signal}: session stopped, shutting down`))
      .then(() => transport.close())
      .finally(() => options.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGHUP', () => stop('SIGHUP'));
  watchParent(() => stop('parent process exited'), options.parentPollMs ?? 2000);
  await kernel.start();
  return kernel;
}

/**
 * A kernel whose parent (Jupyter server, `glue-kernel run`, an editor) died without shutting it
 * down is re-parented; it then stops its session and exits instead of running on, as
 * ipykernel's parent poller does. Polling getppid() is the portable way to notice.
 */
function watchParent(onOrphaned: () => void, everyMs: number): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, everyMs);
  timer.unref();
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'kernel';
  }
}
