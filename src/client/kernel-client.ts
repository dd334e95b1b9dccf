/**
 * A small Jupyter client: starts a kernel process with a fresh connection file, then speaks the
 * protocol to it (kernel_info, execute collecting outputs until idle, interrupt, shutdown).
 * Used by `glue-kernel run`, the integration tests and the benchmarks. Any failure to start
 * kills the process, so no kernel is left behind.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { ConnectionInfo } from '../protocol/connection-file.js';
import {
  MessageFactory,
  type ContentByType,
  type JupyterMessage,
  type ReplyType,
  type RequestType,
} from '../protocol/messages.js';
import type { Channel } from '../protocol/transport.js';
import { ZmqClientTransport } from '../protocol/zmq-client-transport.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { newConnection } from './new-connection.js';
import { KernelProcess, type KernelExit } from './kernel-process.js';

export class KernelClientError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'exited' | 'closed',
  ) {
    super(message);
    this.name = 'KernelClientError';
  }
}

export interface StartKernelOptions {
  /** Kernelspec-style argv; "{connection_file}" is replaced by the generated file's path. */
  argv: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  startTimeoutMs?: number;
  /** Copy the kernel's stderr to ours (its log), e.g. for `glue-kernel run --verbose`. */
  echoStderr?: boolean;
  /** Gives up the start (and kills the kernel) when aborted, e.g. on Ctrl-C. */
  abortSignal?: AbortSignal;
}

export interface ExecuteOptions {
  silent?: boolean;
  storeHistory?: boolean;
  stopOnError?: boolean;
  timeoutMs?: number;
  /** Sees each iopub output (not status or execute_input) as it arrives. */
  onOutput?: (message: JupyterMessage) => void;
}

export interface ExecuteResult {
  reply: ContentByType['execute_reply'];
  /** The iopub messages of the request in arrival order, without status and execute_input. */
  outputs: JupyterMessage[];
}

interface Pending {
  resolve: (message: JupyterMessage) => void;
  reject: (error: Error) => void;
}

interface Collector {
  outputs: JupyterMessage[];
  idle: () => void;
  onOutput: ((message: JupyterMessage) => void) | undefined;
}

export class KernelClient {
  private readonly factory = new MessageFactory({
    session: randomUUID(),
    username: 'glue-kernel-client',
  });
  private readonly replies = new Map<string, Pending>();
  private readonly collectors = new Map<string, Collector>();
  private iopubSeen = false;
  private onIopubLive: (() => void) | undefined;
  private closed = false;
  private stopping: Promise<KernelExit> | undefined;

  private constructor(
    readonly connection: ConnectionInfo,
    private readonly transport: ZmqClientTransport,
    readonly process: KernelProcess,
    private readonly workDir: string,
    private readonly logger: Logger,
  ) {
    transport.listen((channel, message) => this.receive(channel, message));
    void process.exited.then((exit) => this.failPending(exit));
  }

  /** Spawns the kernel and waits until it answers kernel_info and iopub is live. */
  static async start(options: StartKernelOptions): Promise<KernelClient> {
    const logger = options.logger ?? silentLogger;
    const { connection, connectionFile, workDir } = await newConnection('glue-kernel-client-');
    let kernel: KernelProcess | undefined;
    let client: KernelClient | undefined;
    try {
      kernel = KernelProcess.spawn(options.argv, connectionFile, options);
      client = new KernelClient(
        connection,
        ZmqClientTransport.connect(connection, logger),
        kernel,
        workDir,
        logger,
      );
      await untilAborted(
        client.waitUntilReady(options.startTimeoutMs ?? 30_000),
        options.abortSignal,
      );
      return client;
    } catch (err) {
      if (client) await client.close();
      else {
        await kernel?.kill();
        await rm(workDir, { recursive: true, force: true });
      }
      if (options.abortSignal?.aborted)
        throw new KernelClientError('The kernel start was cancelled.', 'closed');
      const stderr = kernel?.stderr.trim();
      const detail = stderr ? `\nKernel stderr:\n${stderr.split('\n').slice(-20).join('\n')}` : '';
      throw new KernelClientError(
        `The kernel did not start: ${(err as Error).message}${detail}`,
        'exited',
      );
    }
  }

  async kernelInfo(timeoutMs = 10_000): Promise<ContentByType['kernel_info_reply']> {
    return (await this.request('shell', 'kernel_info_request', {}, timeoutMs)).content;
  }

  /** Runs `code`; resolves after both the reply and the request's idle status have arrived. */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const request = this.factory.message('execute_request', {
      code,
      silent: options.silent ?? false,
      store_history: options.storeHistory ?? !(options.silent ?? false),
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: options.stopOnError ?? true,
    });
    const outputs: JupyterMessage[] = [];
    const idle = new Promise<void>((resolve) => {
      this.collectors.set(request.header.msg_id, {
        outputs,
        idle: resolve,
        onOutput: options.onOutput,
      });
    });
    try {
      const reply = this.awaitReply(request.header.msg_id);
      await this.transport.send('shell', request);
      const both = Promise.all([reply, idle]);
      const [replyMessage] = await withTimeout(both, options.timeoutMs, 'execute_request');
      return { reply: replyMessage.content as ContentByType['execute_reply'], outputs };
    } finally {
      this.collectors.delete(request.header.msg_id);
      this.replies.delete(request.header.msg_id);
    }
  }

  async interrupt(timeoutMs = 10_000): Promise<void> {
    await this.request('control', 'interrupt_request', {}, timeoutMs);
  }

  /**
   * Asks the kernel to shut down and waits for it to exit; kills it if it does not. A second
   * call (e.g. from a signal handler and the runner's cleanup) joins the first.
   */
  shutdown(timeoutMs = 10_000): Promise<KernelExit> {
    this.stopping ??= this.stop(timeoutMs);
    return this.stopping;
  }

  private async stop(timeoutMs: number): Promise<KernelExit> {
    try {
      if (!this.process.hasExited)
        await this.request('control', 'shutdown_request', { restart: false }, timeoutMs);
      await withTimeout(this.process.exited, timeoutMs, 'kernel exit');
    } catch (err) {
      this.logger.warn(`kernel did not shut down cleanly: ${(err as Error).message}`);
    }
    const exit = await this.process.kill();
    await this.close();
    return exit;
  }

  /** True when the heartbeat channel answers. */
  ping(timeoutMs = 2000): Promise<boolean> {
    return this.transport.ping(timeoutMs);
  }

  /** Sends a request and resolves with its reply. */
  async request<T extends RequestType>(
    channel: Channel,
    msgType: T,
    content: ContentByType[T],
    timeoutMs?: number,
  ): Promise<JupyterMessage<ContentByType[ReplyType<T>]>> {
    const message = this.factory.message(msgType, content);
    const reply = this.awaitReply(message.header.msg_id);
    try {
      await this.transport.send(channel, message);
      return (await withTimeout(reply, timeoutMs, msgType)) as JupyterMessage<
        ContentByType[ReplyType<T>]
      >;
    } finally {
      this.replies.delete(message.header.msg_id);
    }
  }

  /** Closes the sockets, kills the process if still running, removes the connection file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.transport.close();
    await this.process.kill();
    await rm(this.workDir, { recursive: true, force: true });
    this.failPending(undefined);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.request('shell', 'kernel_info_request', {}, timeoutMs);
    // iopub_welcome (or any status) shows the subscription is live. Kernels without the
    // welcome are asked again, so their busy/idle reaches the now-connected subscriber.
    while (!(await this.iopubLiveWithin(250))) {
      if (Date.now() > deadline) throw new KernelClientError('iopub never became live', 'timeout');
      await this.request('shell', 'kernel_info_request', {}, Math.max(1, deadline - Date.now()));
    }
  }

  private iopubLiveWithin(ms: number): Promise<boolean> {
    if (this.iopubSeen) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onIopubLive = undefined;
        resolve(false);
      }, ms);
      this.onIopubLive = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  private awaitReply(msgId: string): Promise<JupyterMessage> {
    return new Promise((resolve, reject) => {
      if (this.closed)
        return reject(new KernelClientError('the kernel connection is closed', 'closed'));
      const exit = this.process.hasExited;
      if (exit) return reject(exitedError(exit));
      this.replies.set(msgId, { resolve, reject });
    });
  }

  private receive(channel: Channel, message: JupyterMessage): void {
    const parentId = message.parent_header.msg_id;
    if (channel === 'iopub') {
      if (!this.iopubSeen) {
        this.iopubSeen = true;
        this.onIopubLive?.();
      }
      const collector = parentId === undefined ? undefined : this.collectors.get(parentId);
      if (!collector) return;
      const type = message.header.msg_type;
      if (type === 'status') {
        if ((message.content as { execution_state?: string }).execution_state === 'idle')
          collector.idle();
      } else if (type !== 'execute_input') {
        collector.outputs.push(message);
        collector.onOutput?.(message);
      }
      return;
    }
    if (channel === 'stdin' && message.header.msg_type === 'input_request') {
      // Headless runs have no user to type: answer empty so the kernel does not hang.
      void this.transport
        .send('stdin', this.factory.childOf(message, 'input_reply', { value: '' }))
        .catch(() => {});
      return;
    }
    if (parentId !== undefined) this.replies.get(parentId)?.resolve(message);
  }

  private failPending(exit: KernelExit | undefined): void {
    const error = exit
      ? exitedError(exit)
      : new KernelClientError('the kernel connection is closed', 'closed');
    for (const pending of this.replies.values()) pending.reject(error);
    this.replies.clear();
    for (const collector of this.collectors.values()) collector.idle();
  }
}

function exitedError(exit: KernelExit): KernelClientError {
  const how = exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`;
  return new KernelClientError(`the kernel process exited (${how})`, 'exited');
}

/** Rejects as soon as `signal` aborts; the caller cleans up what `promise` was doing. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new KernelClientError('the start was cancelled', 'closed'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number | undefined,
  what: string,
): Promise<T> {
  if (timeoutMs === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new KernelClientError(`no answer to ${what} within ${timeoutMs} ms`, 'timeout')),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
