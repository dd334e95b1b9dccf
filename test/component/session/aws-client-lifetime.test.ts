import { expect } from 'chai';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sdkGlueGateways } from '../../../src/session/aws/sdk-glue-gateway.js';
import { SessionController } from '../../../src/session/lifecycle/session-controller.js';
import { FakeClock } from '../../../src/util/clock.js';
import { silentLogger } from '../../../src/util/logger.js';
import { FakeStsBroker } from '../../support/session-harness.js';

/**
 * A Glue endpoint that holds each GetSession answer until the test releases it, and tells when a
 * client connection closes. The server never closes idle keep-alive connections itself, so a
 * closed connection is the client's doing.
 */
class HeldGlueEndpoint {
  readonly held: ServerResponse[] = [];
  readonly sockets: Socket[] = [];
  private arrivals: (() => void)[] = [];
  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HeldGlueEndpoint> {
    const server = createServer();
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const endpoint = new HeldGlueEndpoint(server, `http://127.0.0.1:${port}`);
    server.on('connection', (socket) => endpoint.sockets.push(socket));
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        endpoint.held.push(res);
        endpoint.arrivals.splice(0).forEach((arrived) => arrived());
      });
    });
    return endpoint;
  }

  requestArrived(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  answerReady(res: ServerResponse, id: string): void {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ Session: { Id: id, Status: 'READY' } }));
  }

  closed(socket: Socket): Promise<void> {
    return socket.destroyed
      ? Promise.resolve()
      : new Promise((resolve) => socket.once('close', () => resolve()));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('AWS clients when the connection settings change', () => {
  let endpoint: HeldGlueEndpoint;

  beforeEach(async () => {
    endpoint = await HeldGlueEndpoint.start();
  });

  afterEach(() => endpoint.stop());

  it('lets the call in flight finish, then closes the old client connections', async () => {
    const clock = new FakeClock();
    const controller = new SessionController({
      kind: 'pyspark',
      env: { AWS_REGION: 'us-east-1' },
      loadSharedConfig: async () => ({ configFile: {}, credentialsFile: {} }),
      broker: new FakeStsBroker(clock),
      gateways: sdkGlueGateways(silentLogger),
      clock,
      newId: () => 'unused',
      logger: silentLogger,
    });
    controller.applySettings({ endpoint: endpoint.url });

    const arrived = endpoint.requestArrived();
    const attaching = controller.reconnect('s-1', new AbortController().signal);
    await arrived;
    // The region changes while GetSession is still waiting for its answer.
    controller.applySettings({ region: 'eu-west-1' });
    endpoint.answerReady(endpoint.held[0]!, 's-1');

    const info = await attaching;
    expect(info).to.include({ id: 's-1', status: 'READY' });
    expect(controller.currentSessionId()).to.equal('s-1');
    await Promise.all(endpoint.sockets.map((socket) => endpoint.closed(socket)));
    expect(endpoint.sockets.every((socket) => socket.destroyed)).to.equal(true);
  });
});
