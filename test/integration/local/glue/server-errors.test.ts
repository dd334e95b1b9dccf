import { CreateSessionCommand, GetSessionCommand, ListSessionsCommand } from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { connect } from 'node:net';
import {
  startGlueHarness,
  TEST_KEYS,
  type GlueHarness,
} from '../../../support/local-glue-harness.js';

/** A raw request with a SigV4-looking scope (the stand-in plane reads only the scope). */
async function post(url: string, headers: Record<string, string>, body: string | Buffer) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `AWS4-HMAC-SHA256 Credential=${TEST_KEYS.accessKeyId}/20260101/us-east-1/glue/aws4_request, SignedHeaders=host, Signature=00`,
      'Content-Type': 'application/x-amz-json-1.1',
      ...headers,
    },
    body,
  });
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    body: await response.text(),
  };
}

describe('local Glue endpoint: wire errors', () => {
  let harness: GlueHarness;
  afterEach(() => harness.close());

  it('answers malformed JSON, unknown operations and wrong types with AWS-shaped errors', async () => {
    harness = await startGlueHarness();
    const malformed = await post(harness.url, { 'X-Amz-Target': 'AWSGlue.GetSession' }, '{"Id": ');
    expect(malformed.status).to.equal(400);
    expect(malformed.errorType).to.equal('SerializationException');
    expect(JSON.parse(malformed.body)).to.deep.equal({
      __type: 'SerializationException',
      message: 'The request body is not valid JSON.',
    });

    const unknown = await post(harness.url, { 'X-Amz-Target': 'AWSGlue.CreateJob' }, '{}');
    expect(unknown.status).to.equal(400);
    expect(JSON.parse(unknown.body).__type).to.equal('UnknownOperationException');
    expect(JSON.parse(unknown.body).message).to.contain('CreateJob');

    const proto = await post(harness.url, { 'X-Amz-Target': 'AWSGlue.__proto__' }, '{}');
    expect(JSON.parse(proto.body).__type).to.equal('UnknownOperationException');

    const wrongType = await post(
      harness.url,
      { 'X-Amz-Target': 'AWSGlue.GetSession' },
      '{"Id": 5}',
    );
    expect(wrongType.status).to.equal(400);
    expect(JSON.parse(wrongType.body).__type).to.equal('SerializationException');

    const notObject = await post(harness.url, { 'X-Amz-Target': 'AWSGlue.GetSession' }, '[1]');
    expect(JSON.parse(notObject.body).__type).to.equal('SerializationException');

    const missing = await post(harness.url, { 'X-Amz-Target': 'AWSGlue.GetSession' }, '{}');
    expect(JSON.parse(missing.body)).to.deep.equal({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'id' failed to satisfy constraint: Member must not be null",
    });
  });

  it('refuses an unauthenticated request', async () => {
    harness = await startGlueHarness();
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'AWSGlue.ListSessions',
        'Content-Type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(response.status).to.equal(400);
    expect(response.headers.get('x-amzn-errortype')).to.equal('UnrecognizedClientException');
  });

  it('answers an STS (query protocol) request that fails before STS sees it with STS error XML', async () => {
    harness = await startGlueHarness();
    const response = await fetch(harness.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).to.equal(400);
    expect(response.headers.get('content-type')).to.equal('text/xml');
    const body = await response.text();
    expect(body).to.match(
      /<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>\w+<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[\w-]+<\/RequestId><\/ErrorResponse>$/,
    );
    expect(body).to.include(`<RequestId>${response.headers.get('x-amzn-requestid')}</RequestId>`);
  });

  it('answers a 100 KB Authorization header with an AWS-shaped 400, not a reset, and keeps serving', async () => {
    harness = await startGlueHarness();
    const { port } = new URL(harness.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      const body = '{}';
      socket.write(
        'POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSGlue.ListSessions\r\n' +
          `Authorization: AWS4-HMAC-SHA256 ${'x'.repeat(100_000)}\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body}`,
      );
    });
    expect(answer).to.match(/^HTTP\/1\.1 400 /);
    const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { __type: string };
    expect(json.__type).to.equal('RequestHeaderSectionTooLarge');
    const after = await harness.client().send(new ListSessionsCommand({}));
    expect(after.Ids).to.deep.equal([]);
  });

  it('refuses an oversized body with 413 and keeps serving', async () => {
    harness = await startGlueHarness({ maxBodyBytes: 1024 });
    const big = await post(
      harness.url,
      { 'X-Amz-Target': 'AWSGlue.RunStatement' },
      JSON.stringify({ SessionId: 's', Code: 'x'.repeat(5000) }),
    );
    expect(big.status).to.equal(413);
    expect(JSON.parse(big.body).__type).to.equal('RequestEntityTooLargeException');
    const after = await harness.client().send(new ListSessionsCommand({}));
    expect(after.Ids).to.deep.equal([]);
  });

  it('drops a request whose client hangs up mid-body without logging an internal error', async () => {
    const log: string[] = [];
    harness = await startGlueHarness({ log: (line) => log.push(line) });
    const { port } = new URL(harness.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
      // 2 of the 1000 bytes announced, then the client is gone.
      socket.write(
        'POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSGlue.ListSessions\r\n' +
          'Content-Length: 1000\r\n\r\n{}',
        () => socket.destroy(),
      );
    });
    // Sent after the hang-up, so answered after the server has seen it.
    const after = await harness.client().send(new ListSessionsCommand({}));
    expect(after.Ids).to.deep.equal([]);
    expect(log).to.deep.equal([]);
  });

  it('injects throttling that the SDK sees as ThrottlingException when retries are off', async () => {
    harness = await startGlueHarness({ faults: { throttleRate: 1 } });
    const glue = harness.client('us-east-1', { maxAttempts: 1 });
    const err = (await glue
      .send(new GetSessionCommand({ Id: 'x' }))
      .catch((e: Error) => e)) as Error & {
      $metadata: { httpStatusCode?: number };
    };
    expect(err.name).to.equal('ThrottlingException');
    expect(err.message).to.equal('Rate exceeded');
    expect(err.$metadata.httpStatusCode).to.equal(400);
  });

  it('injects InternalServiceException (500) at the server error rate', async () => {
    harness = await startGlueHarness({ faults: { serverErrorRate: 1 } });
    const glue = harness.client('us-east-1', { maxAttempts: 1 });
    const err = (await glue.send(new ListSessionsCommand({})).catch((e: Error) => e)) as Error & {
      $metadata: { httpStatusCode?: number };
    };
    expect(err.name).to.equal('InternalServiceException');
    expect(err.$metadata.httpStatusCode).to.equal(500);
  });

  it('lets the SDK retries ride out occasional throttling', async () => {
    let calls = 0;
    // The first attempt is throttled; the SDK retries and gets through.
    harness = await startGlueHarness({
      faults: { throttleRate: 0.5 },
      random: () => (calls++ % 4 === 0 ? 0 : 0.9),
    });
    const glue = harness.client('us-east-1', { maxAttempts: 3 });
    const created = await glue.send(
      new CreateSessionCommand({
        Id: 'retry',
        Role: 'arn:aws:iam::111122223333:role/GlueTestRole',
        Command: { Name: 'glueetl' },
      }),
    );
    expect(created.Session?.Id).to.equal('retry');
  });
});
