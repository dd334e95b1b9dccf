/**
 * Runs the local endpoint's HTTP server and Glue API with a stand-in identity plane, so the Glue
 * side can be tested over real HTTP with the real AWS SDK. The stand-in trusts the SigV4 scope
 * (it verifies nothing) and decides authorization through a function the test gives; the real
 * SigV4/IAM behaviour is tested on the identity side and end to end through startLocalEndpoint.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import { FaultInjector } from '../../src/local/faults.js';
import { GlueApi } from '../../src/local/glue/glue-api.js';
import { CatalogStore } from '../../src/local/glue/catalog/catalog-store.js';
import { SessionStore } from '../../src/local/glue/session-store.js';
import type {
  Authenticated,
  ConditionContext,
  ConnectionDef,
  Decision,
  FaultSettings,
  HttpResponse,
  IdentityPlane,
  Principal,
  RoleDef,
  SignedRequest,
} from '../../src/local/local-types.js';
import { AwsError } from '../../src/local/local-types.js';
import { WorkerPool } from '../../src/local/python/worker-pool.js';
import { LocalServer } from '../../src/local/server.js';
import { systemClock } from '../../src/util/clock.js';

export const TEST_ACCOUNT = '111122223333';
export const TEST_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/GlueTestRole`;
export const TEST_KEYS = { accessKeyId: 'AKIDTESTHARNESS', secretAccessKey: 'test-harness-secret' };

export interface AuthorizeCall {
  action: string;
  resource: string;
  context: ConditionContext;
}

export interface HarnessOptions {
  faults?: FaultSettings;
  python?: string;
  /** Return a message to deny; undefined allows. */
  deny?: (call: AuthorizeCall) => string | undefined;
  connections?: ConnectionDef[];
  random?: () => number;
  maxBodyBytes?: number;
  /** Receives the server's log lines (internal errors). */
  log?: (line: string) => void;
}

export interface GlueHarness {
  url: string;
  client(region?: string, extra?: { maxAttempts?: number }): GlueClient;
  authorizations: AuthorizeCall[];
  pool: WorkerPool;
  close(): Promise<void>;
}

class StandInPlane implements IdentityPlane {
  readonly authorizations: AuthorizeCall[] = [];
  constructor(private readonly options: HarnessOptions) {}

  authenticate(request: SignedRequest): Authenticated {
    const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(
      request.headers.authorization ?? '',
    );
    if (!match || match[1] !== TEST_KEYS.accessKeyId) {
      throw new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const principal: Principal = {
      type: 'user',
      arn: `arn:aws:iam::${TEST_ACCOUNT}:user/tester`,
      accountId: TEST_ACCOUNT,
      userId: 'AIDATESTER',
      temporary: false,
    };
    return { principal, region: match[2]!, service: match[3]!, accessKeyId: match[1]! };
  }

  authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: ConditionContext,
  ): Decision {
    const call = { action, resource, context };
    this.authorizations.push(call);
    const denial = this.options.deny?.(call);
    return denial
      ? { allowed: false, message: denial, kind: 'explicit-deny' }
      : { allowed: true, message: 'allowed', kind: 'allow' };
  }

  findConnection(accountId: string, region: string, name: string): ConnectionDef | undefined {
    return this.listConnections(accountId, region).find((c) => c.name === name);
  }

  listConnections(accountId: string, region: string): ConnectionDef[] {
    return (this.options.connections ?? []).filter(
      (c) => c.accountId === accountId && c.region === region,
    );
  }

  findRole(arn: string): RoleDef | undefined {
    return arn === TEST_ROLE
      ? {
          arn,
          name: 'GlueTestRole',
          accountId: TEST_ACCOUNT,
          roleId: 'AROATEST',
          maxSessionDurationSeconds: 3600,
        }
      : undefined;
  }

  handleSts(): Promise<HttpResponse> {
    return Promise.resolve({ status: 400, headers: {}, body: '<ErrorResponse/>' });
  }
}

export async function startGlueHarness(options: HarnessOptions = {}): Promise<GlueHarness> {
  const plane = new StandInPlane(options);
  const faults = new FaultInjector(
    { provisioningDelayMs: 50, ...options.faults },
    systemClock,
    options.random,
  );
  const pool = new WorkerPool({ python: options.python, timers: systemClock });
  const glue = new GlueApi({
    store: new SessionStore(),
    plane,
    launcher: pool,
    clock: systemClock,
    lifecycle: faults.lifecycle(),
    catalog: new CatalogStore(),
  });
  const server = new LocalServer({
    plane,
    glue,
    faults,
    maxBodyBytes: options.maxBodyBytes,
    log: options.log,
  });
  const address = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const clients: GlueClient[] = [];
  return {
    url,
    authorizations: plane.authorizations,
    pool,
    client(region = 'us-east-1', extra = {}) {
      const client = new GlueClient({ endpoint: url, region, credentials: TEST_KEYS, ...extra });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
      await glue.close();
      await pool.closeAll();
    },
  };
}
