import { expect } from 'chai';
import { Readable } from 'node:stream';
import {
  extendedStatementData,
  keepExtendedStatementData,
  type ExtendedStatementData,
} from '../../../../src/session/aws/extended-statement-data.js';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

async function collect(body: unknown): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}

interface RawResult {
  response: { statusCode: number; body: unknown };
}

async function throughMiddleware(statusCode: number, body: string) {
  const kept: ExtendedStatementData[] = [];
  const handler = keepExtendedStatementData<object, RawResult>(collect, (d) => kept.push(d))(
    async () => ({ response: { statusCode, body: Readable.from([Buffer.from(body)]) } }),
  );
  const result = await handler({});
  return { kept, body: result.response.body };
}

describe('extended statement data (Output.Data members the SDK model lacks)', () => {
  it('reads MimeType, Result, StdOut and StdErr from a GetStatement body', () => {
    const body = bytes({
      Statement: {
        Id: 3,
        State: 'AVAILABLE',
        Output: {
          Status: 'ok',
          Data: {
            TextPlain: 'ignored here',
            MimeType: 'image/png',
            Result: 'iVBORw0KGgo=',
            StdOut: 'drawn',
            StdErr: 'warning',
          },
        },
      },
    });
    expect(extendedStatementData(body)).to.deep.equal({
      mimeType: 'image/png',
      result: 'iVBORw0KGgo=',
      stdOut: 'drawn',
      stdErr: 'warning',
    });
  });

  it('has nothing to add for plain TextPlain output, non-string members or a non-JSON body', () => {
    const bodies = [
      bytes({ Statement: { Output: { Data: { TextPlain: 'x' } } } }),
      bytes({ Statement: { Output: { Data: { MimeType: 7 } } } }),
      bytes({ Statement: { State: 'RUNNING' } }),
      new TextEncoder().encode('<html>bad gateway</html>'),
    ];
    expect(bodies.map(extendedStatementData)).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps the extended members and hands the SDK the same bytes again', async () => {
    const raw = JSON.stringify({
      Statement: {
        Output: { Data: { TextPlain: 'p', MimeType: 'text/html', Result: '<b>x</b>' } },
      },
    });
    const { kept, body } = await throughMiddleware(200, raw);
    expect(kept).to.deep.equal([{ mimeType: 'text/html', result: '<b>x</b>' }]);
    expect(body).to.be.instanceOf(Uint8Array);
    expect(new TextDecoder().decode(body as Uint8Array)).to.equal(raw);
  });

  it('leaves error responses to the SDK, body unread', async () => {
    const { kept, body } = await throughMiddleware(400, '{"__type":"EntityNotFoundException"}');
    expect(kept).to.deep.equal([]);
    expect(body).to.be.instanceOf(Readable);
    expect(new TextDecoder().decode(await collect(body))).to.include('EntityNotFoundException');
  });
});
