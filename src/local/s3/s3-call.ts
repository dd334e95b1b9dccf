/**
 * One S3 request after authentication: where it points (bucket, key, sub-resources), who sent
 * it, and how to answer (headers, XML, streamed bodies). Operations authorize through `allow`,
 * which asks the endpoint's IAM evaluator with S3's actions and ARNs (docs/local-s3.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AwsError,
  type Authenticated,
  type ConditionContext,
  type IdentityPlane,
} from '../local-types.js';
import type { MultipartUploads } from './multipart-uploads.js';
import type { ObjectStore } from './object-store.js';
import { s3Document } from './s3-xml.js';

export interface S3Deps {
  plane: IdentityPlane;
  store: ObjectStore;
  uploads: MultipartUploads;
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

export class S3Call {
  /** Decoded bucket name ('' for the service itself, e.g. ListBuckets). */
  readonly bucket: string;
  /** Decoded object key ('' when the request names a bucket only). */
  readonly key: string;
  readonly query: URLSearchParams;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** Raw path as sent (percent-encoded). */
    path: string,
    rawQuery: string,
    readonly headers: Record<string, string>,
    readonly caller: Authenticated,
    readonly deps: S3Deps,
    readonly requestId: string,
  ) {
    const slash = path.indexOf('/', 1);
    const decode = (text: string): string => {
      try {
        return decodeURIComponent(text);
      } catch {
        throw new AwsError('InvalidURI', "Couldn't parse the specified URI.");
      }
    };
    this.bucket = decode(slash < 0 ? path.slice(1) : path.slice(1, slash));
    this.key = slash < 0 ? '' : decode(path.slice(slash + 1));
    this.query = new URLSearchParams(rawQuery);
  }

  get method(): string {
    return (this.req.method ?? 'GET').toUpperCase();
  }

  /** `/bucket/key` as S3 names the resource in errors. */
  get resource(): string {
    return `/${this.bucket}${this.key ? `/${this.key}` : ''}`;
  }

  /** Throws AccessDenied with IAM's wording unless the caller's policies allow it. */
  allow(action: string, resource: string, context: ConditionContext = {}): void {
    const decision = this.isAllowed(action, resource, context);
    if (!decision.allowed) throw new AwsError('AccessDenied', decision.message, 403);
  }

  isAllowed(action: string, resource: string, context: ConditionContext = {}) {
    return this.deps.plane.authorize(this.caller.principal, action, resource, context);
  }

  /** x-amz-meta-* headers (names lower-case, without the prefix). */
  userMetadata(): Record<string, string> {
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.headers)) {
      if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
    }
    return metadata;
  }

  send(status: number, headers: Record<string, string | number> = {}, body = ''): void {
    this.res.writeHead(status, {
      'x-amz-request-id': this.requestId,
      'x-amz-id-2': this.requestId,
      'Content-Length': Buffer.byteLength(body), // HEAD names the object's own length
      ...headers,
    });
    this.res.end(this.method === 'HEAD' ? undefined : body);
  }

  sendXml(
    root: string,
    content: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): void {
    this.send(200, { 'Content-Type': 'application/xml', ...headers }, s3Document(root, content));
  }
}
