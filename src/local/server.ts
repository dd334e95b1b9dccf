import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FaultInjector } from './faults.js';
import type { GlueApi } from './glue/glue-api.js';
import { stsError } from './identity/sts-xml.js';
import {
  AwsError,
  type HttpResponse,
  type IdentityPlane,
  type SignedRequest,
} from './local-types.js';

/** Requests above this size are refused with 413, before they are buffered. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How long the rest of an unparsable request is read before its connection is dropped. */
const DRAIN_MS = 5000;

const GLUE_TARGET_PREFIX = 'AWSGlue.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The identity side, optionally able to render STS errors itself (XML, with its own wording). */
export type ServerIdentityPlane = IdentityPlane & {
  stsErrorResponse?(error: unknown): HttpResponse;
};

/** The S3 API: takes the requests it recognises before their bodies are read (it streams them). */
export interface S3RequestHandler {
  accepts(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void>;
}

export interface LocalServerOptions {
  plane: ServerIdentityPlane;
  glue: GlueApi;
  s3?: S3RequestHandler;
  faults: FaultInjector;
  maxBodyBytes?: number;
  newRequestId?: () => string;
  log?: (message: string) => void;
}

type Protocol = 'json' | 'query';

/** Thrown while reading a body that is too large. */
class BodyTooLarge extends Error {}

/**
 * The local endpoint's HTTP server. Every request is read (bounded), authenticated through the
 * identity plane, then dispatched: `X-Amz-Target: AWSGlue.<Op>` (JSON 1.1) to the Glue API, a
 * form-encoded `Action=` to STS. Every failure becomes an AWS-shaped error; nothing crashes it.
 */
export class LocalServer {
  private readonly server: Server;
  private readonly maxBodyBytes: number;
  private readonly newRequestId: () => string;

  constructor(private readonly options: LocalServerOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.newRequestId = options.newRequestId ?? randomUUID;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.fail(res, 'json', '', err));
    });
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) =>
      this.refuseUnparsable(err, socket),
    );
  }

  /**
   * A request Node cannot parse (e.g. headers beyond its 16 KB limit) gets an AWS-shaped 400
   * instead of a reset. The rest of the request is read and dropped so that closing the socket
   * does not reset the connection before the client has read the answer.
   */
  private refuseUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const code = tooLarge ? 'RequestHeaderSectionTooLarge' : 'BadRequestException';
    const message = tooLarge
      ? 'The request headers are larger than the 16 KB the local endpoint accepts.'
      : 'The request is not valid HTTP/1.1.';
    const body = JSON.stringify({ __type: code, message });
    socket.on('data', () => undefined);
    socket.on('error', () => socket.destroy());
    socket.end(
      'HTTP/1.1 400 Bad Request\r\n' +
        `Content-Type: ${JSON_CONTENT_TYPE}\r\nX-Amzn-ErrorType: ${code}\r\n` +
        `x-amzn-RequestId: ${this.newRequestId()}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    const cancel = setTimeout(() => socket.destroy(), DRAIN_MS);
    cancel.unref();
    socket.once('close', () => clearTimeout(cancel));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = this.newRequestId();
    if (this.options.s3?.accepts(req)) return this.options.s3.handle(req, res, requestId);
    const [path = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const headers = flatHeaders(req);
    const protocol: Protocol = headers['x-amz-target'] !== undefined ? 'json' : 'query';
    let body: Buffer;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (err) {
      // A client that hung up mid-body is owed no answer, and it is no fault of ours to log.
      if (req.destroyed && !(err instanceof BodyTooLarge)) {
        res.destroy();
        return;
      }
      if (!(err instanceof BodyTooLarge)) throw err;
      res.setHeader('Connection', 'close');
      const limit = `${this.maxBodyBytes} bytes`;
      return this.fail(
        res,
        protocol,
        requestId,
        new AwsError(
          'RequestEntityTooLargeException',
          `Request body is larger than ${limit}.`,
          413,
        ),
      );
    }
    const request: SignedRequest = { method: req.method ?? 'GET', path, query, headers, body };
    try {
      const caller = this.options.plane.authenticate(request);
      if (protocol === 'json') {
        const result = await this.glue(headers['x-amz-target'] ?? '', body, caller);
        return send(
          res,
          200,
          { 'Content-Type': JSON_CONTENT_TYPE },
          JSON.stringify(result),
          requestId,
        );
      }
      if (!isQueryAction(request)) {
        throw new AwsError(
          'MissingAction',
          'The request names no operation: send X-Amz-Target: AWSGlue.<Operation> (Glue) or Action=<Operation> (STS).',
        );
      }
      const response = await this.options.plane.handleSts(request, caller);
      return send(res, response.status, response.headers, response.body, requestId);
    } catch (err) {
      return this.fail(res, protocol, requestId, err);
    }
  }

  private async glue(target: string, body: Buffer, caller: Parameters<GlueApi['handle']>[2]) {
    if (!target.startsWith(GLUE_TARGET_PREFIX)) {
      throw new AwsError(
        'UnknownOperationException',
        `X-Amz-Target '${target}' is not a Glue operation; expected AWSGlue.<Operation>.`,
      );
    }
    await this.options.faults.beforeGlueRequest();
    let parsed: unknown = {};
    const text = body.toString('utf8').trim();
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid JSON.');
      }
    }
    return this.options.glue.handle(target.slice(GLUE_TARGET_PREFIX.length), parsed, caller);
  }

  private fail(res: ServerResponse, protocol: Protocol, requestId: string, err: unknown): void {
    const error =
      err instanceof AwsError
        ? err
        : new AwsError(
            'InternalServiceException',
            'The local endpoint failed to handle the request.',
            500,
          );
    if (!(err instanceof AwsError)) {
      this.options.log?.(`local endpoint: internal error: ${(err as Error)?.stack ?? String(err)}`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (protocol === 'json') {
      const body = JSON.stringify({ __type: error.code, message: error.message });
      send(
        res,
        error.status,
        { 'Content-Type': JSON_CONTENT_TYPE, 'X-Amzn-ErrorType': error.code },
        body,
        requestId,
      );
    } else if (this.options.plane.stsErrorResponse) {
      const response = this.options.plane.stsErrorResponse(error);
      send(res, response.status, response.headers, response.body, requestId);
    } else {
      const response = stsError(error, requestId);
      send(res, response.status, response.headers, response.body, requestId);
    }
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume(); // discard the rest; the connection closes after the reply
    return Promise.reject(new BodyTooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function isQueryAction(request: SignedRequest): boolean {
  if (new URLSearchParams(request.query).has('Action')) return true;
  const type = request.headers['content-type'] ?? '';
  return (
    type.startsWith('application/x-www-form-urlencoded') &&
    new URLSearchParams(request.body.toString('utf8')).has('Action')
  );
}

/**
 * Writes a response with exactly one request id. An STS answer already names its own (the one in
 * its XML body); any casing of the header counts, since HTTP header names are case-insensitive.
 */
function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  requestId: string,
): void {
  const isRequestId = (name: string): boolean => name.toLowerCase() === 'x-amzn-requestid';
  const own = Object.entries(headers).find(([name]) => isRequestId(name))?.[1];
  const others = Object.entries(headers).filter(([name]) => !isRequestId(name));
  res.writeHead(status, {
    ...Object.fromEntries(others),
    'x-amzn-RequestId': own ?? requestId,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
