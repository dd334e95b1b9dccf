/**
 * The S3 API subset of the local endpoint (docs/local-s3.md), on the same port as Glue and STS:
 * path-style URLs (`/bucket/key`), SigV4 for the service `s3` against the endpoint's keys, IAM on
 * `s3:*` actions, S3's XML shapes and errors. Bodies are streamed, never buffered whole.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, type SignedRequest } from '../local-types.js';
import * as bucketOps from './bucket-operations.js';
import * as objectOps from './object-operations.js';
import { payloadClaim, receiveDocument } from './request-body.js';
import { S3Call, type S3Deps } from './s3-call.js';
import { s3ErrorDocument } from './s3-xml.js';

/** Sub-resources S3 has that this subset does not serve (answered NotImplemented, by name). */
const UNSUPPORTED = [
  'acl',
  'policy',
  'versioning',
  'versions',
  'tagging',
  'lifecycle',
  'cors',
  'website',
  'encryption',
  'replication',
  'notification',
  'logging',
  'object-lock',
  'retention',
  'legal-hold',
  'attributes',
  'restore',
  'select',
  'torrent',
  'accelerate',
  'requestPayment',
  'ownershipControls',
  'publicAccessBlock',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
];

type Handler = (call: S3Call) => Promise<void> | void;

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

export class S3Api {
  constructor(
    private readonly deps: S3Deps,
    private readonly log?: (line: string) => void,
  ) {}

  /**
   * An S3 request: signed for the service `s3` (header or presigned URL), or unsigned and
   * addressed to a bucket (Glue requests carry X-Amz-Target, STS ones go to `/`).
   */
  accepts(req: IncomingMessage): boolean {
    const authorization = req.headers['authorization'] ?? '';
    if (/Credential=[^/,]*\/[^/,]*\/[^/,]*\/s3\/aws4_request/.test(authorization)) return true;
    const url = req.url ?? '/';
    if (/[?&]X-Amz-Credential=[^&]*%2Fs3%2Faws4_request/i.test(url)) return true;
    return (
      authorization === '' &&
      req.headers['x-amz-target'] === undefined &&
      !url.includes('X-Amz-Credential') &&
      !/^\/(\?|$)/.test(url)
    );
  }

  async handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const [path = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const headers = flatHeaders(req);
    let resource = path;
    try {
      const signed: SignedRequest = {
        method: req.method ?? 'GET',
        path,
        query: rawQuery,
        headers,
        body: Buffer.alloc(0),
        s3: true,
      };
      if (headers['authorization'] !== undefined && headers['x-amz-content-sha256'] === undefined) {
        throw new AwsError(
          'InvalidRequest',
          'Missing required header for this request: x-amz-content-sha256',
        );
      }
      payloadClaim(headers);
      const caller = this.deps.plane.authenticate(signed);
      const call = new S3Call(req, res, path, rawQuery, headers, caller, this.deps, requestId);
      resource = call.resource;
      await this.route(call)(call);
    } catch (err) {
      this.fail(req, res, resource, requestId, err);
    }
  }

  private route(call: S3Call): Handler {
    const { method, query } = call;
    const unsupported = UNSUPPORTED.find((name) => query.has(name));
    if (unsupported) return notImplemented(`the ?${unsupported} sub-resource`);
    if (call.bucket === '') {
      if (method === 'GET') return bucketOps.listBuckets;
      return notImplemented(`${method} on the service`);
    }
    if (call.key === '') {
      switch (method) {
        case 'GET':
          if (query.has('location')) return bucketOps.getBucketLocation;
          if (query.has('uploads')) return notImplemented('ListMultipartUploads');
          return query.get('list-type') === '2' ? bucketOps.listObjectsV2 : bucketOps.listObjects;
        case 'HEAD':
          return bucketOps.headBucket;
        case 'PUT':
          return async (c) => {
            await receiveDocument(c.req, c.headers); // CreateBucketConfiguration: regions are not modelled
            bucketOps.createBucket(c);
          };
        case 'DELETE':
          return bucketOps.deleteBucket;
        case 'POST':
          if (query.has('delete')) {
            return async (c) => bucketOps.deleteObjects(c, await receiveDocument(c.req, c.headers));
          }
      }
      return notImplemented(`${method} on a bucket`);
    }
    const uploadId = query.has('uploadId');
    switch (method) {
      case 'GET':
        if (uploadId) return notImplemented('ListParts');
        return objectOps.getObject;
      case 'HEAD':
        return objectOps.getObject;
      case 'PUT':
        if (uploadId && query.has('partNumber')) return objectOps.uploadPart;
        if (call.headers['x-amz-copy-source'] !== undefined) return objectOps.copyObject;
        return objectOps.putObject;
      case 'DELETE':
        return uploadId ? objectOps.abortMultipartUpload : objectOps.deleteObject;
      case 'POST':
        if (query.has('uploads')) return objectOps.createMultipartUpload;
        if (uploadId) return objectOps.completeMultipartUpload;
    }
    return notImplemented(`${method} on an object`);
  }

  private fail(
    req: IncomingMessage,
    res: ServerResponse,
    resource: string,
    requestId: string,
    err: unknown,
  ): void {
    const error =
      err instanceof AwsError
        ? err
        : new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
    if (!(err instanceof AwsError)) {
      this.log?.(`local S3: internal error: ${(err as Error)?.stack ?? String(err)}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const extra: Record<string, string> = {};
    const { bucket, key } = err as { bucket?: string; key?: string };
    if (bucket) extra.BucketName = bucket;
    if (key) extra.Key = key;
    const body = req.method === 'HEAD' ? '' : s3ErrorDocument(error, resource, requestId, extra);
    // The rest of a refused upload is not read: close the connection after the answer.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.writeHead(error.status, {
      'Content-Type': 'application/xml',
      'x-amz-request-id': requestId,
      'x-amz-id-2': requestId,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
    if (!req.complete) req.resume();
  }
}

function notImplemented(what: string): Handler {
  return () => {
    throw new AwsError(
      'NotImplemented',
      `The local S3 endpoint does not implement ${what}; it serves the subset in docs/local-s3.md.`,
      501,
    );
  };
}
