/** S3 object operations: Get/Head/Put/Delete/CopyObject and the multipart upload calls. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsError } from '../local-types.js';
import type { ObjectInfo, ObjectMeta } from './object-store.js';
import { receiveDocument, receiveToFile } from './request-body.js';
import { S3Call, bucketArn, objectArn } from './s3-call.js';
import { parseCompleteUpload } from './s3-xml.js';

const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/** The object, or NoSuchKey — AccessDenied instead when the caller may not list the bucket, as S3 does. */
async function existing(call: S3Call, bucket: string, key: string): Promise<ObjectInfo> {
  const info = await call.deps.store.head(bucket, key);
  if (info) return info;
  if (!call.isAllowed('s3:ListBucket', bucketArn(bucket)).allowed) {
    throw new AwsError('AccessDenied', 'Access Denied', 403);
  }
  throw Object.assign(new AwsError('NoSuchKey', 'The specified key does not exist.', 404), { key });
}

function objectHeaders(info: ObjectInfo): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': info.contentType ?? DEFAULT_CONTENT_TYPE,
    ETag: info.etag,
    'Last-Modified': info.lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(info.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined when absent or not a single range (whole object). */
function byteRange(header: string | undefined, size: number): [number, number] | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) {
    throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416);
  }
  return [start, end];
}

export async function getObject(call: S3Call): Promise<void> {
  call.allow('s3:GetObject', objectArn(call.bucket, call.key));
  const info = await existing(call, call.bucket, call.key);
  const headers = objectHeaders(info);
  const range = byteRange(call.headers['range'], info.size);
  if (call.method === 'HEAD' || info.key.endsWith('/')) {
    call.send(200, { ...headers, 'Content-Length': String(info.size) });
    return;
  }
  const [start, end] = range ?? [0, info.size - 1];
  call.res.writeHead(range ? 206 : 200, {
    'x-amz-request-id': call.requestId,
    ...headers,
    'Content-Length': String(Math.max(0, end - start + 1)),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${info.size}` } : {}),
  });
  if (info.size === 0) {
    call.res.end();
    return;
  }
  await pipeline(createReadStream(info.path, { start, end }), call.res);
}

function metaFromHeaders(call: S3Call): ObjectMeta {
  const contentType = call.headers['content-type'];
  return { ...(contentType ? { contentType } : {}), metadata: call.userMetadata() };
}

export async function putObject(call: S3Call): Promise<void> {
  call.allow('s3:PutObject', objectArn(call.bucket, call.key));
  const { store } = call.deps;
  if (call.key.endsWith('/')) {
    const body = await receiveDocument(call.req, call.headers);
    if (body.length > 0) {
      throw new AwsError(
        'InvalidArgument',
        `A key ending in '/' is a folder in the local object store and cannot hold ${body.length} bytes.`,
      );
    }
    const info = await store.makeFolder(call.bucket, call.key, metaFromHeaders(call));
    call.send(200, { ETag: info.etag });
    return;
  }
  const staged = await store.stagingPath(call.bucket, call.key);
  try {
    const received = await receiveToFile(call.req, call.headers, staged);
    const etag = `"${received.md5.toString('hex')}"`;
    await store.commit(call.bucket, call.key, staged, etag, metaFromHeaders(call));
    call.send(200, { ETag: etag });
  } finally {
    await rm(staged, { force: true });
  }
}

export async function deleteObject(call: S3Call): Promise<void> {
  call.allow('s3:DeleteObject', objectArn(call.bucket, call.key));
  await call.deps.store.delete(call.bucket, call.key);
  call.send(204);
}

/** x-amz-copy-source: `[/]bucket/key[?versionId=…]`, URL-encoded. */
function copySource(call: S3Call): { bucket: string; key: string } {
  const raw = (call.headers['x-amz-copy-source'] ?? '').replace(/^\//, '').split('?')[0]!;
  const slash = raw.indexOf('/');
  try {
    const bucket = decodeURIComponent(raw.slice(0, slash));
    const key = decodeURIComponent(raw.slice(slash + 1));
    if (slash > 0 && key !== '') return { bucket, key };
  } catch {
    // fall through
  }
  throw new AwsError(
    'InvalidArgument',
    'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
  );
}

/** Copies bytes [start, end] of a file into `target`, returning their MD5. */
async function copyBytes(
  from: string,
  target: string,
  start: number,
  end: number,
): Promise<Buffer> {
  const md5 = createHash('md5');
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      callback(undefined, chunk);
    },
  });
  const source = end >= start ? createReadStream(from, { start, end }) : [];
  await pipeline(source, hasher, createWriteStream(target, { flags: 'wx' }));
  return md5.digest();
}

export async function copyObject(call: S3Call): Promise<void> {
  const source = copySource(call);
  call.allow('s3:GetObject', objectArn(source.bucket, source.key));
  call.allow('s3:PutObject', objectArn(call.bucket, call.key));
  const from = await existing(call, source.bucket, source.key);
  const replace = (call.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (source.bucket === call.bucket && source.key === call.key && !replace) {
    throw new AwsError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const meta = replace
    ? metaFromHeaders(call)
    : { contentType: from.contentType, metadata: from.metadata };
  const { store } = call.deps;
  const staged = await store.stagingPath(call.bucket, call.key);
  try {
    const md5 = await copyBytes(from.path, staged, 0, from.size - 1);
    const info = await store.commit(
      call.bucket,
      call.key,
      staged,
      `"${md5.toString('hex')}"`,
      meta,
    );
    call.sendXml('CopyObjectResult', {
      LastModified: info.lastModified.toISOString(),
      ETag: info.etag,
    });
  } finally {
    await rm(staged, { force: true });
  }
}

export async function createMultipartUpload(call: S3Call): Promise<void> {
  call.allow('s3:PutObject', objectArn(call.bucket, call.key));
  await call.deps.store.stagingPath(call.bucket, call.key); // checks the key, makes the bucket
  const uploadId = await call.deps.uploads.create(call.bucket, call.key, metaFromHeaders(call));
  call.sendXml('InitiateMultipartUploadResult', {
    Bucket: call.bucket,
    Key: call.key,
    UploadId: uploadId,
  });
}

/** UploadPart, or UploadPartCopy when x-amz-copy-source is set. */
export async function uploadPart(call: S3Call): Promise<void> {
  call.allow('s3:PutObject', objectArn(call.bucket, call.key));
  const uploadId = call.query.get('uploadId') ?? '';
  const partNumber = Number(call.query.get('partNumber'));
  const { uploads } = call.deps;
  await uploads.find(uploadId, call.bucket, call.key);
  const file = uploads.partFile(uploadId, partNumber);
  try {
    if (call.headers['x-amz-copy-source'] !== undefined) {
      const source = copySource(call);
      call.allow('s3:GetObject', objectArn(source.bucket, source.key));
      const from = await existing(call, source.bucket, source.key);
      const [start, end] = byteRange(call.headers['x-amz-copy-source-range'], from.size) ?? [
        0,
        from.size - 1,
      ];
      const md5 = await copyBytes(from.path, file, start, end);
      const etag = await uploads.savePart(uploadId, partNumber, file, end - start + 1, md5);
      call.sendXml('CopyPartResult', { LastModified: new Date().toISOString(), ETag: etag });
      return;
    }
    const received = await receiveToFile(call.req, call.headers, file);
    const etag = await uploads.savePart(uploadId, partNumber, file, received.size, received.md5);
    call.send(200, { ETag: etag });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
}

export async function completeMultipartUpload(call: S3Call): Promise<void> {
  call.allow('s3:PutObject', objectArn(call.bucket, call.key));
  const uploadId = call.query.get('uploadId') ?? '';
  const { uploads, store } = call.deps;
  const upload = await uploads.find(uploadId, call.bucket, call.key);
  const parts = parseCompleteUpload(await receiveDocument(call.req, call.headers));
  const staged = await store.stagingPath(call.bucket, call.key);
  try {
    const etag = await uploads.join(uploadId, parts, staged);
    await store.commit(call.bucket, call.key, staged, etag, {
      contentType: upload.contentType,
      metadata: upload.metadata,
    });
    await uploads.remove(uploadId);
    call.sendXml('CompleteMultipartUploadResult', {
      Location: `http://${call.headers['host'] ?? 'localhost'}/${call.bucket}/${encodeURIComponent(call.key).replace(/%2F/g, '/')}`,
      Bucket: call.bucket,
      Key: call.key,
      ETag: etag,
    });
  } finally {
    await rm(staged, { force: true });
  }
}

export async function abortMultipartUpload(call: S3Call): Promise<void> {
  call.allow('s3:AbortMultipartUpload', objectArn(call.bucket, call.key));
  const uploadId = call.query.get('uploadId') ?? '';
  await call.deps.uploads.find(uploadId, call.bucket, call.key);
  await call.deps.uploads.remove(uploadId);
  call.send(204);
}
