/**
 * An HTTP pass-through in front of the local Glue endpoint that counts the operations a kernel
 * sends and times the moments the benchmarks need: when a session was first seen READY, when its
 * first RunStatement arrived, and how many GetStatement calls each statement took. Requests are
 * forwarded byte for byte (Host included), so SigV4 signatures still verify at the endpoint.
 * The endpoint itself stays unmodified; this is how the benchmark observes it from outside.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface SessionTrace {
  sessionId: string;
  /** performance.now() when the CreateSession response came back. */
  createdAt?: number;
  /** When the first GetSession response saying READY came back. */
  readyObservedAt?: number;
  /** When the first RunStatement request for the session arrived. */
  firstRunStatementAt?: number;
  /** GetSession calls about this session. */
  getSessionCalls: number;
}

export interface StatementTrace {
  sessionId: string;
  statementId: number;
  runRequestAt: number;
  getStatementCalls: number;
  /** State of the last GetStatement response. */
  state?: string;
  /** CompletedOn − StartedOn as the endpoint reports them (ms). */
  backendMs?: number;
}

type Json = Record<string, unknown>;

export class CountingProxy {
  /** Calls per operation: `AWSGlue.GetStatement`, `STS.AssumeRole`, ... */
  readonly calls = new Map<string, number>();
  readonly sessions = new Map<string, SessionTrace>();
  readonly statements = new Map<string, StatementTrace>();

  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly server: Server;
  private address = '';

  private constructor(private readonly target: URL) {
    this.server = createServer((req, res) => {
      void readBody(req).then(
        (body) => this.forward(req, body, res),
        () => res.destroy(),
      );
    });
    this.server.keepAliveTimeout = 5000;
  }

  /** Listens on an ephemeral 127.0.0.1 port and forwards to `targetUrl`. */
  static async start(targetUrl: string): Promise<CountingProxy> {
    const proxy = new CountingProxy(new URL(targetUrl));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.address = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Where clients should send their requests instead of the endpoint. */
  get url(): string {
    return this.address;
  }

  count(operation: string): number {
    return this.calls.get(operation) ?? 0;
  }

  session(sessionId: string): SessionTrace {
    let trace = this.sessions.get(sessionId);
    if (!trace) {
      trace = { sessionId, getSessionCalls: 0 };
      this.sessions.set(sessionId, trace);
    }
    return trace;
  }

  /** The statement whose RunStatement arrived last (on `sessionId`, if given). */
  latestStatement(sessionId?: string): StatementTrace | undefined {
    let last: StatementTrace | undefined;
    for (const trace of this.statements.values()) {
      if (sessionId !== undefined && trace.sessionId !== sessionId) continue;
      if (!last || trace.runRequestAt > last.runRequestAt) last = trace;
    }
    return last;
  }

  /** The session whose CreateSession answered last. */
  latestSession(): SessionTrace | undefined {
    let last: SessionTrace | undefined;
    for (const trace of this.sessions.values()) {
      if (trace.createdAt !== undefined && (!last || trace.createdAt > last.createdAt!))
        last = trace;
    }
    return last;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const { target } = this;
    const operation = operationOf(req, body);
    this.calls.set(operation, this.count(operation) + 1);
    const arrivedAt = performance.now();
    const requestJson = operation.startsWith('AWSGlue.') ? parseJson(body) : undefined;
    if (operation === 'AWSGlue.RunStatement' && typeof requestJson?.['SessionId'] === 'string') {
      this.session(requestJson['SessionId']).firstRunStatementAt ??= arrivedAt;
    }
    if (operation === 'AWSGlue.GetSession' && typeof requestJson?.['Id'] === 'string') {
      this.session(requestJson['Id']).getSessionCalls += 1;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (answer) => {
        void readBody(answer).then(
          (answerBody) => {
            this.observe(operation, requestJson, parseJson(answerBody), arrivedAt);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(answerBody);
          },
          () => res.destroy(),
        );
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('counting proxy: the endpoint did not answer');
    });
    upstream.end(body);
  }

  private observe(
    operation: string,
    requestJson: Json | undefined,
    answer: Json | undefined,
    arrivedAt: number,
  ): void {
    if (!requestJson || !answer) return;
    const now = performance.now();
    if (operation === 'AWSGlue.CreateSession') {
      const id = (answer['Session'] as Json | undefined)?.['Id'];
      if (typeof id === 'string') this.session(id).createdAt ??= now;
    } else if (operation === 'AWSGlue.GetSession') {
      const session = answer['Session'] as Json | undefined;
      if (typeof session?.['Id'] === 'string' && session['Status'] === 'READY')
        this.session(session['Id']).readyObservedAt ??= now;
    } else if (operation === 'AWSGlue.RunStatement') {
      const sessionId = requestJson['SessionId'];
      const id = answer['Id'];
      if (typeof sessionId === 'string' && typeof id === 'number') {
        this.statements.set(`${sessionId}/${id}`, {
          sessionId,
          statementId: id,
          runRequestAt: arrivedAt,
          getStatementCalls: 0,
        });
      }
    } else if (operation === 'AWSGlue.GetStatement') {
      const trace = this.statements.get(
        `${String(requestJson['SessionId'])}/${String(requestJson['Id'])}`,
      );
      const statement = answer['Statement'] as Json | undefined;
      if (!trace || !statement) return;
      trace.getStatementCalls += 1;
      trace.state = String(statement['State']);
      const started = statement['StartedOn'];
      const completed = statement['CompletedOn'];
      if (typeof started === 'number' && typeof completed === 'number')
        trace.backendMs = completed - started;
    }
  }
}

/** `AWSGlue.<Op>` from X-Amz-Target (JSON protocol), `STS.<Action>` from a query body. */
function operationOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target;
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  return action ? `STS.${action}` : 'unknown';
}

function parseJson(body: Buffer): Json | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
