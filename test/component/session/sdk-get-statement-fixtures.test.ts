import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderStatementOutput } from '../../../src/render/statement-output.js';
import { SdkGlueGateway } from '../../../src/session/aws/sdk-glue-gateway.js';
import {
  fixtureText,
  getStatementFixture,
  type GetStatementFixture,
} from '../../support/glue-fixtures.js';

/**
 * The SDK gateway reads checked-in Glue responses (test/fixtures/glue/get-statement) through the
 * real AWS SDK, and the notebook shows what the official kernel shows for them.
 */
describe('SdkGlueGateway on Glue-shaped GetStatement responses', () => {
  let server: Server;
  let answer: GetStatementFixture = 'text-plain';
  let gateway: SdkGlueGateway;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(fixtureText(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    gateway = new SdkGlueGateway({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: async () => ({ accessKeyId: 'AKIAFIXTURE', secretAccessKey: 'fixture' }),
      maxAttempts: 1,
    });
  });

  after(async () => {
    gateway.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const read = async (name: GetStatementFixture) => {
    answer = name;
    const id = (getStatementFixture(name).Statement as { Id: number }).Id;
    return gateway.send('GetStatement', { sessionId: 's-1', statementId: id });
  };

  it('reads printed text, and shows it on stdout', async () => {
    const statement = await read('text-plain');
    expect(statement).to.deep.equal({
      id: 1,
      state: 'AVAILABLE',
      code: 'print(1 + 1)',
      progress: 1,
      startedOn: 1764540000000,
      completedOn: 1764540000150,
      output: { status: 'ok', executionCount: 1, data: { textPlain: '2' } },
    });
    expect(renderStatementOutput(statement.output)).to.deep.equal([
      { kind: 'stream', name: 'stdout', text: '2\n' },
    ]);
  });

  it('reads a remote error with its traceback unchanged', async () => {
    const statement = await read('remote-error');
    expect(statement.output).to.deep.equal({
      status: 'error',
      executionCount: 2,
      errorName: 'ZeroDivisionError',
      errorValue: 'division by zero',
      traceback: [
        'Traceback (most recent call last):\n',
        '  File "<stdin>", line 1, in <module>\n',
        'ZeroDivisionError: division by zero\n',
      ],
    });
  });

  it('keeps a %matplot figure (MimeType/Result) the SDK model does not know, shown after the printed text', async () => {
    const statement = await read('matplot-image');
    const png = (
      getStatementFixture('matplot-image').Statement as {
        Output: { Data: { Result: string } };
      }
    ).Output.Data.Result;
    expect(statement.output?.data).to.deep.equal({
      textPlain: 'plotted',
      mimeType: 'image/png',
      result: png,
    });
    expect(renderStatementOutput(statement.output)).to.deep.equal([
      { kind: 'stream', name: 'stdout', text: 'plotted\n' },
      {
        kind: 'display',
        data: { 'image/png': png, 'text/plain': '<image/png image>' },
        metadata: { 'image/png': { width: 640, height: 480 } },
      },
    ]);
  });

  it('keeps inline StdOut/StdErr and a text result, each on its stream', async () => {
    const statement = await read('inline-streams');
    expect(renderStatementOutput(statement.output)).to.deep.equal([
      { kind: 'stream', name: 'stdout', text: 'out\n' },
      { kind: 'stream', name: 'stderr', text: 'warn\n' },
      { kind: 'stream', name: 'stdout', text: 'done\n' },
    ]);
  });

  it('reads a running statement with its progress and no output', async () => {
    expect(await read('running')).to.deep.equal({
      id: 5,
      state: 'RUNNING',
      code: 'spark.range(10**9).count()',
      progress: 0.25,
      startedOn: 1764540004000,
    });
  });
});
