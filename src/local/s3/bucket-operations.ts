/** S3 bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, ListObjects(V2), DeleteObjects. */
import { AwsError } from '../local-types.js';
import { listFolder, type ListPage } from './object-listing.js';
import { S3Call, bucketArn, objectArn } from './s3-call.js';
import { parseDelete } from './s3-xml.js';

/** The canonical user id S3 shows as the owner (one per account here). */
function owner(call: S3Call): Record<string, string> {
  const account = call.caller.principal.accountId;
  return { ID: account.padStart(64, '0'), DisplayName: `local-${account}` };
}

export async function listBuckets(call: S3Call): Promise<void> {
  call.allow('s3:ListAllMyBuckets', 'arn:aws:s3:::*');
  const buckets = await call.deps.store.listBuckets();
  call.sendXml('ListAllMyBucketsResult', {
    Owner: owner(call),
    Buckets: {
      Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: b.creationDate.toISOString() })),
    },
  });
}

export function createBucket(call: S3Call): void {
  call.deps.store.bucketDir(call.bucket); // InvalidBucketName first, as S3 checks it first
  call.allow('s3:CreateBucket', bucketArn(call.bucket));
  const created = call.deps.store.createBucket(call.bucket);
  // us-east-1 answers 200 for a bucket the caller already has; other regions answer 409.
  if (!created && call.caller.region !== 'us-east-1') {
    throw new AwsError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
    );
  }
  call.send(200, { Location: `/${call.bucket}` });
}

export function headBucket(call: S3Call): void {
  call.allow('s3:ListBucket', bucketArn(call.bucket));
  call.deps.store.existingBucket(call.bucket);
  call.send(200, { 'x-amz-bucket-region': call.caller.region });
}

export async function deleteBucket(call: S3Call): Promise<void> {
  call.allow('s3:DeleteBucket', bucketArn(call.bucket));
  await call.deps.store.deleteBucket(call.bucket);
  call.send(204);
}

export function getBucketLocation(call: S3Call): void {
  call.allow('s3:GetBucketLocation', bucketArn(call.bucket));
  call.deps.store.existingBucket(call.bucket);
  const region = call.caller.region === 'us-east-1' ? '' : call.caller.region;
  call.sendXml('LocationConstraint', { '#text': region });
}

function maxKeys(call: S3Call): number {
  const text = call.query.get('max-keys');
  if (text === null) return 1000;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new AwsError(
      'InvalidArgument',
      'Provided max-keys not an integer or within integer range',
    );
  }
  return Math.min(value, 1000);
}

/** encoding-type=url: keys percent-encoded (botocore asks for it and decodes them). */
function encoder(call: S3Call): (text: string) => string {
  const type = call.query.get('encoding-type');
  if (type === null) return (text) => text;
  if (type !== 'url')
    throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request');
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

async function listPage(
  call: S3Call,
  startAfter: string | undefined,
  token?: string,
): Promise<ListPage> {
  const prefix = call.query.get('prefix') ?? '';
  const delimiter = call.query.get('delimiter') || undefined;
  const max = maxKeys(call);
  call.allow('s3:ListBucket', bucketArn(call.bucket), {
    's3:prefix': prefix,
    ...(delimiter ? { 's3:delimiter': delimiter } : {}),
    's3:max-keys': max,
  });
  const bucket = call.deps.store.existingBucket(call.bucket);
  return listFolder(bucket.dir, {
    prefix,
    delimiter,
    startAfter,
    continuationToken: token,
    maxKeys: max,
  });
}

async function contents(call: S3Call, page: ListPage, encode: (text: string) => string) {
  return Promise.all(
    page.objects.map(async (file) => {
      const info = await call.deps.store.describe(call.bucket, file.key, file.path, file.stats);
      return {
        Key: encode(info.key),
        LastModified: info.lastModified.toISOString(),
        ETag: info.etag,
        Size: info.size,
        StorageClass: 'STANDARD',
      };
    }),
  );
}

export async function listObjectsV2(call: S3Call): Promise<void> {
  const startAfter = call.query.get('start-after') ?? undefined;
  const token = call.query.get('continuation-token') ?? undefined;
  const page = await listPage(call, startAfter, token);
  const encode = encoder(call);
  const delimiter = call.query.get('delimiter');
  call.sendXml('ListBucketResult', {
    Name: call.bucket,
    Prefix: encode(call.query.get('prefix') ?? ''),
    ...(delimiter ? { Delimiter: encode(delimiter) } : {}),
    MaxKeys: maxKeys(call),
    KeyCount: page.objects.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    ...(token !== undefined ? { ContinuationToken: token } : {}),
    ...(page.nextContinuationToken ? { NextContinuationToken: page.nextContinuationToken } : {}),
    ...(startAfter !== undefined ? { StartAfter: encode(startAfter) } : {}),
    ...(call.query.has('encoding-type') ? { EncodingType: 'url' } : {}),
    Contents: await contents(call, page, encode),
    CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
  });
}

/** ListObjects (version 1): `marker` instead of tokens. */
export async function listObjects(call: S3Call): Promise<void> {
  const marker = call.query.get('marker') ?? undefined;
  const page = await listPage(call, marker);
  const encode = encoder(call);
  const delimiter = call.query.get('delimiter');
  const last = [...page.objects.map((o) => o.key), ...page.commonPrefixes].sort().at(-1);
  call.sendXml('ListBucketResult', {
    Name: call.bucket,
    Prefix: encode(call.query.get('prefix') ?? ''),
    Marker: encode(marker ?? ''),
    ...(delimiter ? { Delimiter: encode(delimiter) } : {}),
    MaxKeys: maxKeys(call),
    IsTruncated: page.isTruncated,
    ...(page.isTruncated && delimiter && last ? { NextMarker: encode(last) } : {}),
    ...(call.query.has('encoding-type') ? { EncodingType: 'url' } : {}),
    Contents: await contents(call, page, encode),
    CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
  });
}

export async function deleteObjects(call: S3Call, body: Buffer): Promise<void> {
  const { keys, quiet } = parseDelete(body);
  call.deps.store.existingBucket(call.bucket);
  const deleted: { Key: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  for (const key of keys) {
    const decision = call.isAllowed('s3:DeleteObject', objectArn(call.bucket, key));
    if (!decision.allowed) {
      errors.push({ Key: key, Code: 'AccessDenied', Message: decision.message });
      continue;
    }
    try {
      await call.deps.store.delete(call.bucket, key);
      deleted.push({ Key: key });
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      errors.push({ Key: key, Code: err.code, Message: err.message });
    }
  }
  call.sendXml('DeleteResult', { ...(quiet ? {} : { Deleted: deleted }), Error: errors });
}
