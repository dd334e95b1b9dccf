/**
 * The generic Jupyter kernel: it owns status, ordering and the request lifecycle; the
 * Interpreter owns what cells mean. Shell requests run one at a time in arrival order; control
 * requests (interrupt, shutdown, kernel_info) are answered at once, even while a cell runs.
 * Every request is wrapped in busy/idle, idle last, in a finally.
 */
import { errorMessage } from '../util/error-message.js';
import type {
  ContentByType,
  JupyterMessage,
  MessageFactory,
  Metadata,
  MsgType,
  ReplyType,
  RequestType,
  TypedMessage,
} from '../protocol/messages.js';
import { isMessageType, PROTOCOL_VERSION } from '../protocol/messages.js';
import type { Channel, Transport } from '../protocol/transport.js';
import type { Logger } from '../util/logger.js';
import { quoteInput } from '../util/quote-input.js';
import { ABORTED_REPLY, readExecuteRequest, runExecuteRequest } from './execute-request.js';
import type { Interpreter } from '../kernel-api/interpreter.js';
import { cursorPos, optionalBoolean, optionalInteger, requireString } from './request-content.js';

export interface KernelOptions {
  transport: Transport;
  interpreter: Interpreter;
  factory: MessageFactory;
  logger: Logger;
  /** Called once sockets are closed after a shutdown_request; the composition root exits. */
  onShutdown?: (restart: boolean) => void;
  /** How long execute requests keep arriving to be aborted after a failed cell (ms). */
  abortWindowMs?: number;
}

/**
 * After a cell fails (stop_on_error), requests still arriving within this window are aborted with
 * it. "Run All" sends every cell at once, but they reach the socket one by one: a cell failing in
 * a millisecond would otherwise let later ones through. ipykernel's stop_on_error_timeout plays
 * this part. The failed cell's reply waits for the window, so a client that sends its next
 * request only after a reply is never caught by it.
 */
export const ABORT_WINDOW_MS = 100;

interface Queued {
  channel: Channel;
  message: JupyterMessage;
  seq: number;
}

export class Kernel {
  private executionCount = 0;
  private received = 0;
  /** Execute requests received up to this sequence number are aborted (stop_on_error). */
  private abortThrough = 0;
  private readonly shellQueue: Queued[] = [];
  private draining = false;
  private running: AbortController | undefined;
  private shutdownRequested: boolean | undefined;
  private stopped = false;

  constructor(private readonly options: KernelOptions) {}

  /** Starts listening and publishes `starting` (exactly once). */
  async start(): Promise<void> {
    this.options.transport.listen((channel, message) => this.receive(channel, message));
    await this.options.transport.send(
      'iopub',
      this.options.factory.message('status', { execution_state: 'starting' }),
    );
  }

  /** Interrupts the running request (interrupt_request, or SIGINT from the composition root). */
  interrupt(): void {
    this.running?.abort();
    try {
      this.options.interpreter.interrupt();
    } catch (err) {
      this.options.logger.error(`interpreter.interrupt failed: ${(err as Error).message}`);
    }
  }

  private receive(channel: Channel, message: JupyterMessage): void {
    if (this.stopped || this.shutdownRequested !== undefined) return;
    const queued = { channel, message, seq: ++this.received };
    if (channel === 'control') {
      void this.dispatch(queued);
    } else if (channel === 'shell') {
      this.shellQueue.push(queued);
      void this.drainShell();
    }
    // stdin replies are not expected: this kernel never sends input_request.
  }

  private async drainShell(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.shellQueue.shift(); next; next = this.shellQueue.shift()) {
        await this.dispatch(next);
        if (this.stopped) break;
      }
    } finally {
      this.draining = false;
    }
  }

  private async dispatch(queued: Queued): Promise<void> {
    const { message } = queued;
    this.publish(message, 'status', { execution_state: 'busy' });
    try {
      await this.handle(queued);
    } catch (err) {
      // Last resort: a bug of ours still gets a reply, so no frontend waits forever.
      this.options.logger.error(
        `${message.header.msg_type} failed: ${(err as Error).stack ?? String(err)}`,
      );
      this.replyWithError(queued, err);
    } finally {
      this.publish(message, 'status', { execution_state: 'idle' });
    }
    if (this.shutdownRequested !== undefined && !this.stopped)
      await this.finishShutdown(this.shutdownRequested);
  }

  private async handle(queued: Queued): Promise<void> {
    const { channel, message } = queued;
    const { interpreter } = this.options;
    if (isMessageType(message, 'execute_request')) return this.execute(queued, message);
    if (isMessageType(message, 'kernel_info_request'))
      return this.reply(channel, message, this.kernelInfo());
    if (isMessageType(message, 'interrupt_request')) {
      this.interrupt();
      return this.reply(channel, message, { status: 'ok' });
    }
    if (isMessageType(message, 'shutdown_request')) return this.shutdown(channel, message);
    if (isMessageType(message, 'complete_request')) {
      const code = requireString(message.content, 'code');
      const result = await interpreter.complete(code, cursorPos(message.content, code));
      return this.reply(channel, message, {
        status: 'ok',
        ...result,
        metadata: result.metadata ?? {},
      });
    }
    if (isMessageType(message, 'inspect_request')) {
      const code = requireString(message.content, 'code');
      const detail = optionalInteger(message.content, 'detail_level', 0);
      const result = await interpreter.inspect(code, cursorPos(message.content, code), detail);
      return this.reply(channel, message, {
        status: 'ok',
        found: result.found,
        data: result.data,
        metadata: {},
      });
    }
    if (isMessageType(message, 'is_complete_request')) {
      return this.reply(
        channel,
        message,
        interpreter.isComplete(requireString(message.content, 'code')),
      );
    }
    if (isMessageType(message, 'history_request'))
      return this.reply(channel, message, { status: 'ok', history: [] });
    if (isMessageType(message, 'comm_info_request'))
      return this.reply(channel, message, { status: 'ok', comms: {} });
    // comm_open/comm_msg/comm_close: no comm targets exist, so there is nothing to answer.
    if (!message.header.msg_type.startsWith('comm_')) {
      this.options.logger.warn(
        `ignored unknown ${channel} message type ${quoteInput(message.header.msg_type)}`,
      );
    }
  }

  private async execute(queued: Queued, request: TypedMessage<'execute_request'>): Promise<void> {
    const settings = readExecuteRequest(request);
    if (queued.seq <= this.abortThrough) {
      // As ipykernel: not run, no execute_input, no count; the frontend leaves its prompt empty.
      return this.reply(queued.channel, request, ABORTED_REPLY, { status: 'aborted' });
    }
    if (settings.counted) this.executionCount += 1;
    const controller = new AbortController();
    this.running = controller;
    let reply;
    try {
      const publish = this.publish.bind(this);
      reply = await runExecuteRequest(
        request,
        settings,
        this.executionCount,
        this.options.interpreter,
        publish,
        controller.signal,
      );
    } finally {
      this.running = undefined;
    }
    if (reply.status === 'error' && settings.stopOnError && !settings.silent) {
      // Every request received before this reply leaves is aborted: those already queued, those
      // still in the socket (the wait lets its receive loop run) and those arriving meanwhile.
      await new Promise((resolve) =>
        setTimeout(resolve, this.options.abortWindowMs ?? ABORT_WINDOW_MS),
      );
      this.abortThrough = this.received;
    }
    this.reply(queued.channel, request, reply);
  }

  private kernelInfo(): ContentByType['kernel_info_reply'] {
    const info = this.options.interpreter.kernelInfo();
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: info.implementation,
      implementation_version: info.implementation_version,
      language_info: { ...info.language_info },
      banner: info.banner,
      help_links: info.help_links ?? [],
      debugger: false,
    };
  }

  private async shutdown(
    channel: Channel,
    request: TypedMessage<'shutdown_request'>,
  ): Promise<void> {
    const restart = optionalBoolean(request.content, 'restart', false);
    this.shutdownRequested = restart;
    this.running?.abort();
    try {
      await this.options.interpreter.shutdown(restart);
    } catch (err) {
      this.options.logger.error(`interpreter.shutdown failed: ${(err as Error).message}`);
    }
    this.reply(channel, request, { status: 'ok', restart });
  }

  private async finishShutdown(restart: boolean): Promise<void> {
    this.stopped = true;
    await this.options.transport.close();
    this.options.onShutdown?.(restart);
  }

  private reply<T extends RequestType>(
    channel: Channel,
    request: TypedMessage<T>,
    content: ContentByType[ReplyType<T>],
    metadata: Metadata = {},
  ): void {
    this.sendReply(channel, this.options.factory.replyTo(request, content, metadata));
  }

  private sendReply(channel: Channel, message: JupyterMessage): void {
    this.options.transport.send(channel, message).catch((err: Error) => {
      this.options.logger.error(`could not send ${message.header.msg_type}: ${err.message}`);
    });
  }

  private replyWithError(queued: Queued, err: unknown): void {
    const { channel, message } = queued;
    if (!message.header.msg_type.endsWith('_request')) return;
    const error = {
      ename: err instanceof Error ? err.name : 'InternalError',
      evalue: errorMessage(err),
      traceback: [],
    };
    if (isMessageType(message, 'execute_request')) {
      this.publish(message, 'error', error);
      return this.reply(channel, message, {
        status: 'error',
        ...error,
        execution_count: this.executionCount,
      });
    }
    this.sendReply(
      channel,
      this.options.factory.replyToUnknown(message, { status: 'error', ...error }),
    );
  }

  private publish<T extends MsgType>(
    parent: JupyterMessage,
    msgType: T,
    content: ContentByType[T],
  ): void {
    const message = this.options.factory.childOf(parent, msgType, content);
    this.options.transport.send('iopub', message).catch((err: Error) => {
      this.options.logger.error(`could not publish ${msgType}: ${err.message}`);
    });
  }
}
