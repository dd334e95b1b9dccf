/**
 * An S3 request body, streamed (objects can be gigabytes): into a file for PutObject and
 * UploadPart, into memory (bounded) for the small XML documents. While it streams, the body is
 * hashed and checked against what the signed headers claim — x-amz-content-sha256 (the SigV4
 * payload hash) and Content-MD5 — so a changed body is refused before the object is replaced.
 *
 * Payloads: a hex SHA-256, UNSIGNED-PAYLOAD, and aws-chunked STREAMING-UNSIGNED-PAYLOAD-TRAILER
 * (decoded here). The AWS CLI and boto3 sign the whole payload over plain http (botocore signs
 * payloads on non-TLS connections), so the signed-chunk form (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)
 * is refused with a clear error rather than accepted unverified.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsError } from '../local-types.js';

/** S3's single PUT limit. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 3;
/** DeleteObjects (1000 keys) and CompleteMultipartUpload (10000 parts) fit well inside this. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

const UNSIGNED = 'UNSIGNED-PAYLOAD';
const UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export interface ReceivedBody {
  size: number;
  /** MD5 of the (decoded) content: the ETag of a single PUT. */
  md5: Buffer;
}

/** Checks the claimed payload hash before any byte is read (the signature covers the claim). */
export function payloadClaim(headers: Record<string, string>): string | undefined {
  const claim = headers['x-amz-content-sha256'];
  if (claim === undefined || claim === UNSIGNED || claim === UNSIGNED_TRAILER) return claim;
  if (/^[0-9a-f]{64}$/.test(claim)) return claim;
  if (claim.startsWith('STREAMING-')) {
    throw new AwsError(
      'NotImplemented',
      `The local S3 endpoint does not accept x-amz-content-sha256: ${claim} (signed aws-chunked uploads); ` +
        'sign the whole payload (as the AWS CLI and boto3 do over http), or send UNSIGNED-PAYLOAD.',
      501,
    );
  }
  throw new AwsError(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, or a valid sha256 value.',
  );
}

/** Decodes aws-chunked framing: `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n<trailers>\r\n\r\n`. */
class AwsChunkedDecoder extends Transform {
  private buffered = Buffer.alloc(0);
  private remaining = 0; // data bytes left in the current chunk
  private needCrlf = false;
  private done = false;

  override _transform(chunk: Buffer, _encoding: string, callback: TransformCallback): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    try {
      this.drain();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.done ? undefined : malformedChunks());
  }

  private drain(): void {
    while (!this.done) {
      if (this.remaining > 0) {
        if (this.buffered.length === 0) return;
        const take = Math.min(this.remaining, this.buffered.length);
        this.push(this.buffered.subarray(0, take));
        this.buffered = this.buffered.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.needCrlf = true;
        continue;
      }
      if (this.needCrlf) {
        if (this.buffered.length < 2) return;
        if (this.buffered.toString('latin1', 0, 2) !== '\r\n') throw malformedChunks();
        this.buffered = this.buffered.subarray(2);
        this.needCrlf = false;
      }
      const end = this.buffered.indexOf('\r\n');
      if (end < 0) {
        if (this.buffered.length > 4096) throw malformedChunks();
        return;
      }
      const size = Number.parseInt(this.buffered.toString('latin1', 0, end).split(';')[0]!, 16);
      if (!Number.isInteger(size) || size < 0) throw malformedChunks();
      this.buffered = this.buffered.subarray(end + 2);
      if (size === 0) {
        this.done = true; // the trailers (checksums) follow; the SHA-256/MD5 checks cover the data
        return;
      }
      this.remaining = size;
    }
  }
}

function malformedChunks(): AwsError {
  return new AwsError('IncompleteBody', 'The aws-chunked request body is malformed or incomplete.');
}

/** Hashes what passes through and counts it, refusing more than `limit` bytes. */
class Meter extends Transform {
  readonly sha256 = createHash('sha256');
  readonly md5 = createHash('md5');
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: string, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      callback(
        new AwsError(
          'EntityTooLarge',
          `Your proposed upload exceeds the maximum allowed size (${this.limit} bytes).`,
        ),
      );
      return;
    }
    this.sha256.update(chunk);
    this.md5.update(chunk);
    callback(undefined, chunk);
  }
}

function verify(headers: Record<string, string>, meter: Meter): ReceivedBody {
  const claim = headers['x-amz-content-sha256'];
  const sha256 = meter.sha256.digest('hex');
  if (claim !== undefined && /^[0-9a-f]{64}$/.test(claim) && claim !== sha256) {
    throw new AwsError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const md5 = meter.md5.digest();
  const contentMd5 = headers['content-md5'];
  if (contentMd5 !== undefined && contentMd5 !== md5.toString('base64')) {
    throw new AwsError(
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.',
    );
  }
  return { size: meter.size, md5 };
}

/** aws-chunked framing is decoded; any other body passes as it is. */
function decoder(headers: Record<string, string>): Transform {
  const chunked =
    headers['x-amz-content-sha256'] === UNSIGNED_TRAILER ||
    (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
  return chunked ? new AwsChunkedDecoder() : new PassThrough();
}

/** Streams the body into `file` (created), verified; the caller removes the file on failure. */
export async function receiveToFile(
  req: IncomingMessage,
  headers: Record<string, string>,
  file: string,
): Promise<ReceivedBody> {
  const meter = new Meter(MAX_OBJECT_BYTES);
  await pipeline(req, decoder(headers), meter, createWriteStream(file, { flags: 'wx' }));
  return verify(headers, meter);
}

/** Reads a small body (an XML document) into memory, verified. */
export async function receiveDocument(
  req: IncomingMessage,
  headers: Record<string, string>,
): Promise<Buffer> {
  const meter = new Meter(MAX_DOCUMENT_BYTES);
  const chunks: Buffer[] = [];
  await pipeline(req, decoder(headers), meter, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  verify(headers, meter);
  return Buffer.concat(chunks);
}
