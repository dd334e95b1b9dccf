/**
 * The client side of the ZeroMQ channels: DEALER shell/control/stdin, SUB iopub (subscribed to
 * everything, so the kernel's `iopub_welcome` arrives), and a heartbeat probe on REQ.
 */
import { randomUUID } from 'node:crypto';
import * as zmq from 'zeromq';
import type { Logger } from '../util/logger.js';
import { endpoint, type ConnectionInfo } from './connection-file.js';
import { InboundDecoder } from './inbound-decoder.js';
import type { JupyterMessage } from './messages.js';
import { SendQueue } from './send-queue.js';
import { Signer } from './signer.js';
import type { Channel, MessageHandler, Transport } from './transport.js';
import { encodeMessage } from './wire-codec.js';

type RequestChannel = 'shell' | 'control' | 'stdin';

export class ZmqClientTransport implements Transport {
  private handler: MessageHandler | undefined;
  private closed = false;
  private readonly queues: Record<RequestChannel, SendQueue>;

  private constructor(
    private readonly connection: ConnectionInfo,
    private readonly sockets: Record<RequestChannel, zmq.Dealer> & { iopub: zmq.Subscriber },
    private readonly signer: Signer,
    private readonly decoder: InboundDecoder,
  ) {
    this.queues = {
      shell: new SendQueue(sockets.shell),
      control: new SendQueue(sockets.control),
      stdin: new SendQueue(sockets.stdin),
    };
  }

  /** Connects (ZeroMQ connects lazily, so this succeeds before the kernel has bound). */
  static connect(connection: ConnectionInfo, logger: Logger): ZmqClientTransport {
    const signer = new Signer(connection.signature_scheme, connection.key);
    // One routing id for shell and stdin: the kernel sends input_request to the shell caller.
    const routingId = randomUUID();
    // The kernel binds only once its process is up: retry connecting every 10 ms (ZeroMQ's
    // default 100 ms would add up to a tenth of a second to every kernel start).
    const options = { linger: 0, reconnectInterval: 10 };
    const sockets = {
      shell: new zmq.Dealer({ ...options, routingId }),
      control: new zmq.Dealer(options),
      stdin: new zmq.Dealer({ ...options, routingId }),
      iopub: new zmq.Subscriber(options),
    };
    sockets.iopub.subscribe();
    sockets.shell.connect(endpoint(connection, connection.shell_port));
    sockets.control.connect(endpoint(connection, connection.control_port));
    sockets.stdin.connect(endpoint(connection, connection.stdin_port));
    sockets.iopub.connect(endpoint(connection, connection.iopub_port));
    return new ZmqClientTransport(connection, sockets, signer, new InboundDecoder(signer, logger));
  }

  listen(handler: MessageHandler): void {
    this.handler = handler;
    for (const channel of ['shell', 'control', 'stdin', 'iopub'] as const)
      void this.receive(channel);
  }

  async send(channel: Channel, message: JupyterMessage): Promise<void> {
    if (channel === 'iopub') throw new Error('clients do not publish on iopub');
    if (this.closed) throw new Error('the kernel connection is closed');
    await this.queues[channel].send(encodeMessage(message, this.signer));
  }

  /** True when the kernel echoes a heartbeat within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<boolean> {
    const socket = new zmq.Request({
      linger: 0,
      receiveTimeout: timeoutMs,
      sendTimeout: timeoutMs,
    });
    try {
      socket.connect(endpoint(this.connection, this.connection.hb_port));
      const probe = Buffer.from(randomUUID());
      await socket.send(probe);
      const [echo] = await socket.receive();
      return echo !== undefined && echo.equals(probe);
    } catch {
      return false;
    } finally {
      socket.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const socket of Object.values(this.sockets)) socket.close();
  }

  private receive(channel: Channel): Promise<void> {
    return this.decoder.receive(
      channel,
      this.sockets[channel],
      (c, message) => this.handler?.(c, message),
      () => this.closed,
    );
  }
}
