/**
 * The kernel's ZeroMQ sockets: ROUTER shell/control/stdin, XPUB iopub, REP heartbeat.
 * IOPub answers each subscription with an `iopub_welcome` message (JEP 65), so a client knows
 * its subscription is live and cannot miss the first outputs (the slow-joiner race).
 */
import { createRequire } from 'node:module';
import type * as Zmq from 'zeromq';
import type { Logger } from '../util/logger.js';
import { endpoint, type ConnectionInfo } from './connection-file.js';
import { InboundDecoder } from './inbound-decoder.js';
import type { JupyterMessage, MessageFactory } from './messages.js';
import { SendQueue } from './send-queue.js';
import { Signer } from './signer.js';
import type { Channel, MessageHandler, Transport } from './transport.js';
import { encodeMessage } from './wire-codec.js';

// zeromq is a CommonJS package: require() loads it as it is, whereas an ES import first has Node
// scan its sources for export names (cjs-module-lexer), a few ms of every kernel start.
const zmq = createRequire(import.meta.url)('zeromq') as typeof Zmq;

/** Long enough to flush a shutdown reply, short enough not to hang an exiting kernel. */
const LINGER_MS = 1000;

export interface ZmqTransportOptions {
  connection: ConnectionInfo;
  factory: MessageFactory;
  logger: Logger;
}

export class ZmqTransport implements Transport {
  private handler: MessageHandler | undefined;
  private closed = false;
  private readonly queues: Record<Channel, SendQueue>;

  private constructor(
    private readonly sockets: {
      shell: Zmq.Router;
      control: Zmq.Router;
      stdin: Zmq.Router;
      iopub: Zmq.XPublisher;
      heartbeat: Zmq.Reply;
    },
    private readonly signer: Signer,
    private readonly decoder: InboundDecoder,
    private readonly factory: MessageFactory,
    private readonly logger: Logger,
  ) {
    this.queues = {
      shell: new SendQueue(sockets.shell),
      control: new SendQueue(sockets.control),
      stdin: new SendQueue(sockets.stdin),
      iopub: new SendQueue(sockets.iopub),
    };
  }

  /** Binds every socket of the connection file; rejects if a port is taken. */
  static async bind(options: ZmqTransportOptions): Promise<ZmqTransport> {
    const { connection, logger } = options;
    const signer = new Signer(connection.signature_scheme, connection.key);
    const sockets = {
      shell: new zmq.Router({ linger: LINGER_MS }),
      control: new zmq.Router({ linger: LINGER_MS }),
      stdin: new zmq.Router({ linger: LINGER_MS }),
      iopub: new zmq.XPublisher({ linger: LINGER_MS }),
      heartbeat: new zmq.Reply({ linger: 0 }),
    };
    try {
      await Promise.all([
        sockets.shell.bind(endpoint(connection, connection.shell_port)),
        sockets.control.bind(endpoint(connection, connection.control_port)),
        sockets.stdin.bind(endpoint(connection, connection.stdin_port)),
        sockets.iopub.bind(endpoint(connection, connection.iopub_port)),
        sockets.heartbeat.bind(endpoint(connection, connection.hb_port)),
      ]);
    } catch (err) {
      for (const socket of Object.values(sockets)) socket.close();
      throw err;
    }
    const transport = new ZmqTransport(
      sockets,
      signer,
      new InboundDecoder(signer, logger),
      options.factory,
      logger,
    );
    void transport.echoHeartbeats();
    void transport.welcomeSubscribers();
    return transport;
  }

  listen(handler: MessageHandler): void {
    this.handler = handler;
    void this.receive('shell', this.sockets.shell);
    void this.receive('control', this.sockets.control);
    void this.receive('stdin', this.sockets.stdin);
  }

  async send(channel: Channel, message: JupyterMessage): Promise<void> {
    if (this.closed) return;
    await this.queues[channel].send(encodeMessage(message, this.signer));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled(Object.values(this.queues).map((queue) => queue.drain()));
    this.closed = true;
    for (const socket of Object.values(this.sockets)) socket.close();
  }

  private receive(channel: Channel, socket: Zmq.Router): Promise<void> {
    return this.decoder.receive(
      channel,
      socket,
      (c, message) => this.handler?.(c, message),
      () => this.closed,
    );
  }

  private async echoHeartbeats(): Promise<void> {
    const socket = this.sockets.heartbeat;
    try {
      for await (const frames of socket) await socket.send(frames);
    } catch (err) {
      if (!this.closed) this.logger.error(`heartbeat socket failed: ${(err as Error).message}`);
    }
  }

  private async welcomeSubscribers(): Promise<void> {
    try {
      for await (const [frame] of this.sockets.iopub) {
        // Subscription frames are 0x01 + topic; unsubscriptions (0x00) need no answer.
        if (!frame || frame[0] !== 1) continue;
        const subscription = frame.subarray(1).toString('utf8');
        await this.send('iopub', this.factory.message('iopub_welcome', { subscription }));
      }
    } catch (err) {
      if (!this.closed) this.logger.error(`iopub socket failed: ${(err as Error).message}`);
    }
  }
}
