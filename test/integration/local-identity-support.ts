/**
 * A tiny node:http server in front of an identity plane, standing in for the endpoint's real
 * server in the identity tests: STS (query protocol, XML) and a Glue-shaped JSON route that
 * answers GetSession with the caller's ARN as the session id.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { AwsError, type HttpResponse, type SignedRequest } from '../../src/local/local-types.js';
import type { LocalIdentityPlane } from '../../src/local/identity/identity-plane.js';

export interface IdentityTestServer {
  endpoint: string;
  /** Every response body the server sent, to check that no secret leaked. */
  bodies: string[];
  close(): Promise<void>;
}

async function readRequest(req: IncomingMessage): Promise<SignedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: req.method ?? 'GET', path, query, headers, body: Buffer.concat(chunks) };
}

function glueResponse(request: SignedRequest, plane: LocalIdentityPlane): HttpResponse {
  try {
    const caller = plane.authenticate(request);
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ Session: { Id: caller.principal.arn, Status: 'READY' } }),
    };
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    return {
      status: error.status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code },
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }
}

export async function startIdentityServer(plane: LocalIdentityPlane): Promise<IdentityTestServer> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const request = await readRequest(req);
      let response: HttpResponse;
      if (request.headers['x-amz-target']) response = glueResponse(request, plane);
      else {
        try {
          response = await plane.handleSts(request, plane.authenticate(request));
        } catch (error) {
          response = plane.stsErrorResponse(error);
        }
      }
      bodies.push(response.body);
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** node:crypto behind the hash interface @smithy/signature-v4 expects (HMAC when given a key). */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash =
      secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A Glue JSON request signed by the AWS SDK's own signer, as the server would receive it. */
export async function signedGlueRequest(
  credentials: SigningCredentials,
  body: string,
  options: { signingDate?: Date; target?: string; region?: string } = {},
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials,
    region: options.region ?? 'us-east-1',
    service: 'glue',
    sha256: NodeSha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': options.target ?? 'AWSGlue.GetSession',
      },
      body,
    },
    { signingDate: options.signingDate },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers))
    headers[name.toLowerCase()] = String(value);
  return { method: 'POST', path: '/', query: '', headers, body: Buffer.from(body) };
}
