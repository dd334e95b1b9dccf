import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AwsError } from '../../../../src/local/local-types.js';
import { payloadClaim, receiveToFile } from '../../../../src/local/s3/request-body.js';

const body = (...parts: string[]): IncomingMessage =>
  Readable.from(parts.map((part) => Buffer.from(part))) as unknown as IncomingMessage;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function codeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (err) {
    if (err instanceof AwsError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('local S3 request bodies', () => {
  let dir: string;
  let n = 0;
  const file = (): string => join(dir, `body-${(n += 1)}`);
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'request-body-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a body whose SHA-256 and Content-MD5 match what the signed headers claim', async () => {
    const target = file();
    const received = await receiveToFile(
      body('hello ', 'world'),
      {
        'x-amz-content-sha256': sha256('hello world'),
        'content-md5': createHash('md5').update('hello world').digest('base64'),
      },
      target,
    );
    expect(received.size).to.equal(11);
    expect(readFileSync(target, 'utf8')).to.equal('hello world');
  });

  it('refuses a body that differs from its claimed SHA-256 or Content-MD5', async () => {
    const claimed = { 'x-amz-content-sha256': sha256('hello world') };
    expect(await codeOf(() => receiveToFile(body('hello there'), claimed, file()))).to.equal(
      'XAmzContentSHA256Mismatch',
    );
    const md5 = {
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==',
    };
    expect(await codeOf(() => receiveToFile(body('x'), md5, file()))).to.equal('BadDigest');
  });

  it('decodes aws-chunked bodies with trailing checksums, split anywhere', async () => {
    const target = file();
    const headers = {
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'aws-chunked',
    };
    const framed = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
    const pieces = framed.match(/.{1,3}/gs) ?? [];
    const received = await receiveToFile(body(...pieces), headers, target);
    expect(readFileSync(target, 'utf8')).to.equal('hello world');
    expect(received.size).to.equal(11);
    expect(await codeOf(() => receiveToFile(body('5\r\nhel'), headers, file()))).to.equal(
      'IncompleteBody',
    );
  });

  it('refuses signed aws-chunked payloads, saying how to sign instead', () => {
    expect(() =>
      payloadClaim({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }),
    ).to.throw(/sign the whole payload/);
    expect(() => payloadClaim({ 'x-amz-content-sha256': 'nonsense' })).to.throw(
      /must be UNSIGNED-PAYLOAD/,
    );
  });
});
