/**
 * A Transport without sockets for component tests and embedding (the xeus mock server idea).
 * Inbound frames go through the same decoder as ZeroMQ (signature and replay checks); outbound
 * messages are encoded and decoded again, so tests see exactly what would cross the wire.
 */
import { silentLogger, type Logger } from '../util/logger.js';
import { InboundDecoder } from './inbound-decoder.js';
import type { JupyterMessage } from './messages.js';
import type { Signer } from './signer.js';
import type { Channel, MessageHandler, Transport } from './transport.js';
import { decodeMessage, encodeMessage } from './wire-codec.js';

export interface SentMessage {
  channel: Channel;
  message: JupyterMessage;
}

export class InMemoryTransport implements Transport {
  /** Everything the kernel sent, in order, as a client would decode it. */
  readonly sent: SentMessage[] = [];
  private handler: MessageHandler | undefined;
  private readonly decoder: InboundDecoder;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly signer: Signer,
    logger: Logger = silentLogger,
  ) {
    this.decoder = new InboundDecoder(signer, logger);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  listen(handler: MessageHandler): void {
    this.handler = handler;
  }

  /** Hands raw frames to the kernel as if they had arrived on `channel`. */
  deliver(channel: Channel, frames: Buffer[]): void {
    const message = this.decoder.decode(channel, frames);
    if (message) this.handler?.(channel, message);
  }

  async send(channel: Channel, message: JupyterMessage): Promise<void> {
    if (this.closed) return;
    const decoded = decodeMessage(encodeMessage(message, this.signer), this.signer);
    if (!decoded.ok)
      throw new Error(`the kernel produced an undecodable message: ${decoded.error}`);
    this.sent.push({ channel, message: decoded.message });
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves with the first sent message (from index `from`) that matches. */
  waitFor(match: (sent: SentMessage) => boolean, from = 0): Promise<SentMessage> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const found = this.sent.slice(from).find(match);
        if (found) {
          this.waiters.delete(wake);
          resolve(found);
        }
        return found !== undefined;
      };
      const wake = (): void => void check();
      if (!check()) this.waiters.add(wake);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
