/**
 * An HTTP pass-through that records every request (headers and body) before forwarding it byte
 * for byte (Host included, so SigV4 signatures still verify at the target): how a test sees
 * exactly what a kernel sends to AWS.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** `AWSGlue.CreateSession`, or the STS `Action` of a form-encoded call. */
  operation: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export class RecordingProxy {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly requests: RecordedRequest[],
  ) {}

  static async start(targetUrl: string): Promise<RecordingProxy> {
    const target = new URL(targetUrl);
    const recorded: RecordedRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        const target_ = req.headers['x-amz-target'];
        const operation =
          typeof target_ === 'string'
            ? target_
            : `STS.${new URLSearchParams(text).get('Action') ?? 'unknown'}`;
        recorded.push({ operation, headers: req.headers, body: text });
        const forwarded = httpRequest(
          {
            hostname: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forwarded.on('error', () => res.destroy());
        forwarded.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RecordingProxy(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      recorded,
    );
  }

  of(operation: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
