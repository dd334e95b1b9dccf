/**
 * How messages reach the kernel (or a client) and leave it. The kernel sees decoded, verified
 * messages only; transports own sockets, signing and the receive-path checks.
 */
import type { JupyterMessage } from './messages.js';

export type Channel = 'shell' | 'control' | 'stdin' | 'iopub';
export type MessageHandler = (channel: Channel, message: JupyterMessage) => void;

export interface Transport {
  /** Starts delivering verified inbound messages; call once. */
  listen(handler: MessageHandler): void;
  /** Signs and sends; sends on one channel leave in call order. */
  send(channel: Channel, message: JupyterMessage): Promise<void>;
  /** Closes every socket; pending sends get a short time to flush. Idempotent. */
  close(): Promise<void>;
}
