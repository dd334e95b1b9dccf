import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SdkCredentialBroker } from '../../../src/session/aws/sdk-credential-broker.js';
import { SdkGlueGateway } from '../../../src/session/aws/sdk-glue-gateway.js';
import { kernelErrorOf } from '../../support/kernel-error-of.js';

/** An endpoint that accepts connections and requests but never answers (a hung connection). */
async function silentEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

const credentials = async () => ({
  accessKeyId: 'AKIATIMEOUTTEST',
  secretAccessKey: 'timeout-test-secret',
});

describe('SDK clients on an endpoint that never answers', () => {
  let endpoint: { url: string; server: Server };

  beforeEach(async () => {
    endpoint = await silentEndpoint();
  });

  afterEach(async () => {
    endpoint.server.closeAllConnections();
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it('fails a Glue call after the request timeout instead of hanging', async () => {
    const gateway = new SdkGlueGateway({
      region: 'us-east-1',
      endpoint: endpoint.url,
      credentials,
      maxAttempts: 1,
      timeouts: { requestTimeoutMs: 300 },
    });
    const err = await kernelErrorOf(gateway.send('GetSession', { id: 's-1' }));
    expect(err.ename).to.equal('ConnectionError');
    expect(err.message).to.include('GetSession').and.include(endpoint.url);
    expect(err.hint).to.include('%endpoint');
    expect(err.message).to.not.include('timeout-test-secret');
  });

  it('fails GetCallerIdentity after the request timeout instead of hanging', async () => {
    const broker = new SdkCredentialBroker({}, { requestTimeoutMs: 300 });
    const err = await kernelErrorOf(
      broker.callerIdentity(credentials, { region: 'us-east-1', endpoint: endpoint.url }),
    );
    expect(err.ename).to.equal('ConnectionError');
    expect(err.message).to.include('GetCallerIdentity');
  });
});
