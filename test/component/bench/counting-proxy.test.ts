import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CountingProxy } from '../../../bench/counting-proxy.js';

/** A stand-in Glue endpoint: answers by X-Amz-Target and remembers what it received. */
async function fakeEndpoint(): Promise<{
  server: Server;
  url: string;
  seen: { headers: IncomingHttpHeaders; body: string }[];
}> {
  const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
  const answers: Record<string, [number, unknown]> = {
    'AWSGlue.CreateSession': [200, { Session: { Id: 's1', Status: 'PROVISIONING' } }],
    'AWSGlue.GetSession': [200, { Session: { Id: 's1', Status: 'READY' } }],
    'AWSGlue.RunStatement': [200, { Id: 4 }],
    'AWSGlue.GetStatement': [
      200,
      { Statement: { Id: 4, State: 'AVAILABLE', StartedOn: 1000, CompletedOn: 1105 } },
    ],
    'AWSGlue.StopSession': [400, { __type: 'EntityNotFoundException', Message: 'no session' }],
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const [status, body] = answers[String(req.headers['x-amz-target'])] ?? [200, '<ok/>'];
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function call(
  url: string,
  target: string | undefined,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: target
      ? { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }
      : { 'content-type': 'application/x-www-form-urlencoded' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('benchmark counting proxy', () => {
  let endpoint: Awaited<ReturnType<typeof fakeEndpoint>>;
  let proxy: CountingProxy;

  beforeEach(async () => {
    endpoint = await fakeEndpoint();
    proxy = await CountingProxy.start(endpoint.url);
  });

  afterEach(async () => {
    await proxy.close();
    endpoint.server.closeAllConnections();
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it('forwards requests unchanged, Host included, and answers with the endpoint status and body', async () => {
    const answer = await call(proxy.url, 'AWSGlue.StopSession', { Id: 'gone' });
    expect(answer.status).to.equal(400);
    expect(JSON.parse(answer.text)).to.deep.equal({
      __type: 'EntityNotFoundException',
      Message: 'no session',
    });
    expect(endpoint.seen).to.have.length(1);
    expect(endpoint.seen[0]!.body).to.equal('{"Id":"gone"}');
    expect(endpoint.seen[0]!.headers.host).to.equal(new URL(proxy.url).host);
  });

  it('counts operations by X-Amz-Target and STS actions by their query Action', async () => {
    await call(proxy.url, 'AWSGlue.GetSession', { Id: 's1' });
    await call(proxy.url, 'AWSGlue.GetSession', { Id: 's1' });
    await call(proxy.url, undefined, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(proxy.count('AWSGlue.GetSession')).to.equal(2);
    expect(proxy.count('STS.GetCallerIdentity')).to.equal(1);
    expect(proxy.count('AWSGlue.RunStatement')).to.equal(0);
  });

  it('traces a session from creation through READY to its first statement and its polls', async () => {
    await call(proxy.url, 'AWSGlue.CreateSession', { Id: 's1' });
    await call(proxy.url, 'AWSGlue.GetSession', { Id: 's1' });
    await call(proxy.url, 'AWSGlue.RunStatement', { SessionId: 's1', Code: 'x = 1' });
    await call(proxy.url, 'AWSGlue.GetStatement', { SessionId: 's1', Id: 4 });
    await call(proxy.url, 'AWSGlue.GetStatement', { SessionId: 's1', Id: 4 });

    const session = proxy.latestSession();
    expect(session?.sessionId).to.equal('s1');
    expect(session?.createdAt).to.be.a('number');
    expect(session!.readyObservedAt).to.be.at.least(session!.createdAt!);
    expect(session!.firstRunStatementAt).to.be.at.least(session!.readyObservedAt!);

    const statement = proxy.latestStatement();
    expect(statement).to.include({
      sessionId: 's1',
      statementId: 4,
      getStatementCalls: 2,
      state: 'AVAILABLE',
      backendMs: 105,
    });
  });

  it('answers 502 when the endpoint is gone', async () => {
    endpoint.server.closeAllConnections();
    await new Promise((resolve) => endpoint.server.close(resolve));
    const answer = await call(proxy.url, 'AWSGlue.GetSession', { Id: 's1' });
    expect(answer.status).to.equal(502);
    expect(answer.text).to.contain('did not answer');
  });
});
