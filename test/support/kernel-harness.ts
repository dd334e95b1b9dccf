/**
 * A Kernel on an InMemoryTransport, driven the way a client would: requests are signed and
 * encoded to frames, and what the kernel sent is read back decoded.
 */
import { Kernel } from '../../src/kernel/kernel.js';
import { InMemoryTransport, type SentMessage } from '../../src/protocol/memory-transport.js';
import {
  MessageFactory,
  type ContentByType,
  type JupyterMessage,
  type MsgType,
} from '../../src/protocol/messages.js';
import { Signer } from '../../src/protocol/signer.js';
import type { Channel } from '../../src/protocol/transport.js';
import { encodeMessage } from '../../src/protocol/wire-codec.js';
import { silentLogger } from '../../src/util/logger.js';
import { EchoInterpreter } from './echo-interpreter.js';

export const CLIENT_IDENTITY = Buffer.from('client-identity-1');

export class KernelHarness {
  readonly interpreter = new EchoInterpreter();
  readonly signer: Signer;
  readonly transport: InMemoryTransport;
  readonly kernel: Kernel;
  readonly client = new MessageFactory({ session: 'client-session', username: 'tester' });
  readonly shutdowns: boolean[] = [];

  constructor(key = 'test-key', scheme = 'hmac-sha256') {
    this.signer = new Signer(scheme, key);
    this.transport = new InMemoryTransport(this.signer);
    this.kernel = new Kernel({
      transport: this.transport,
      interpreter: this.interpreter,
      factory: new MessageFactory({ session: 'kernel-session', username: 'kernel' }),
      logger: silentLogger,
      onShutdown: (restart) => this.shutdowns.push(restart),
    });
  }

  static async started(): Promise<KernelHarness> {
    const harness = new KernelHarness();
    await harness.kernel.start();
    return harness;
  }

  request<T extends MsgType>(msgType: T, content: ContentByType[T]): JupyterMessage {
    return this.client.message(msgType, content, { identities: [CLIENT_IDENTITY] });
  }

  /** Signs, encodes and delivers; returns the request so tests can wait for its reply. */
  send<T extends MsgType>(channel: Channel, msgType: T, content: ContentByType[T]): JupyterMessage {
    const message = this.request(msgType, content);
    this.transport.deliver(channel, this.frames(message));
    return message;
  }

  frames(message: JupyterMessage): Buffer[] {
    return encodeMessage(message, this.signer);
  }

  execute(code: string, options: Partial<ContentByType['execute_request']> = {}): JupyterMessage {
    return this.send('shell', 'execute_request', {
      code,
      silent: false,
      store_history: true,
      ...options,
    });
  }

  /** The reply to `request` (any channel). */
  async reply(request: JupyterMessage): Promise<SentMessage> {
    return this.transport.waitFor(
      (s) => s.channel !== 'iopub' && s.message.parent_header.msg_id === request.header.msg_id,
    );
  }

  /** The iopub messages caused by `request`, up to and including its idle status. */
  async iopub(request: JupyterMessage): Promise<JupyterMessage[]> {
    const isOurs = (s: SentMessage): boolean =>
      s.channel === 'iopub' && s.message.parent_header.msg_id === request.header.msg_id;
    await this.transport.waitFor(
      (s) => isOurs(s) && s.message.header.msg_type === 'status' && stateOf(s.message) === 'idle',
    );
    return this.transport.sent.filter(isOurs).map((s) => s.message);
  }
}

export function stateOf(message: JupyterMessage): unknown {
  return (message.content as { execution_state?: unknown }).execution_state;
}

/** `msg_type` or `msg_type:state` for status messages: a compact ordering to assert on. */
export function summary(messages: JupyterMessage[]): string[] {
  return messages.map((m) =>
    m.header.msg_type === 'status' ? `status:${String(stateOf(m))}` : m.header.msg_type,
  );
}
