/**
 * The receive path every transport shares: decode, verify the signature, refuse replays. Bad
 * messages are logged (without their content) and dropped, never executed.
 */
import type { Logger } from '../util/logger.js';
import { quoteInput } from '../util/quote-input.js';
import type { JupyterMessage } from './messages.js';
import { ReplayGuard } from './replay-guard.js';
import type { Signer } from './signer.js';
import { decodeMessage } from './wire-codec.js';

export class InboundDecoder {
  private readonly replays: ReplayGuard;

  constructor(
    private readonly signer: Signer,
    private readonly logger: Logger,
    replayCapacity?: number,
  ) {
    this.replays = new ReplayGuard(replayCapacity);
  }

  /** The message, or undefined when it must be dropped. Never throws. */
  decode(channel: string, frames: readonly Buffer[]): JupyterMessage | undefined {
    const result = decodeMessage(frames, this.signer);
    if (!result.ok) {
      this.logger.warn(`dropped a message on ${channel}: ${result.error}`);
      return undefined;
    }
    if (!this.replays.accept(result.signature)) {
      this.logger.warn(
        `dropped a replayed message on ${channel} (msg_id ${quoteInput(result.message.header.msg_id)})`,
      );
      return undefined;
    }
    return result.message;
  }

  /**
   * Reads a socket until it closes, handing each accepted message to `deliver`. A failing socket
   * is logged, unless the transport is closing it (`closing()`).
   */
  async receive<C extends string>(
    channel: C,
    socket: AsyncIterable<Buffer[]>,
    deliver: (channel: C, message: JupyterMessage) => void,
    closing: () => boolean,
  ): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = this.decode(channel, frames);
        if (message) deliver(channel, message);
      }
    } catch (err) {
      if (!closing()) this.logger.error(`${channel} socket failed: ${(err as Error).message}`);
    }
  }
}
