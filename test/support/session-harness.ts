import { KernelError } from '../../src/errors.js';
import { ExponentialBackoff, seededRandom } from '../../src/session/lifecycle/backoff.js';
import type {
  AssumeRoleRequest,
  AwsCredentials,
  CredentialBroker,
  CredentialProvider,
} from '../../src/session/aws/aws-credentials.js';
import {
  SessionController,
  type SessionControllerOptions,
} from '../../src/session/lifecycle/session-controller.js';
import type { ProvisionObserver, RunObserver } from '../../src/session/session-service.js';
import type { SharedConfigSnapshot } from '../../src/session/settings/shared-config-loader.js';
import { FakeClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { InMemoryGlueGateway } from './in-memory-glue-gateway.js';

/**
 * A SessionController wired to an InMemoryGlueGateway, a fake STS (a broker that issues
 * credentials with an expiry on the fake clock) and a FakeClock: the session layer end to end,
 * in zero wall time. Also records what the observers were told, which is what a user would see.
 */
export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const SESSION_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/AWSGlueServiceRole-blog`;
export const CREATION_ROLE = `arn:aws:iam::${ACCOUNT_B}:role/GlueSessionCreationRole`;

/** A fake STS: base credentials are a user of account A; assumed ones last `lifetimeMs`. */
export class FakeStsBroker implements CredentialBroker {
  issued = 0;
  /** GetCallerIdentity calls made. */
  identityCalls = 0;
  lifetimeMs = 60 * 60_000;
  denyAssume: { name: string; message: string } | undefined;

  constructor(private readonly clock: FakeClock) {}

  base(): CredentialProvider {
    return async () => ({ accessKeyId: 'AKIABASE', secretAccessKey: 'base-secret' });
  }

  assumeRole(master: CredentialProvider, request: AssumeRoleRequest): CredentialProvider {
    return async () => {
      await master();
      if (this.denyAssume)
        throw new KernelError('aws', this.denyAssume.message, { ename: this.denyAssume.name });
      this.issued++;
      const creds: AwsCredentials & { arn: string } = {
        accessKeyId: `ASIAASSUMED${this.issued}`,
        secretAccessKey: `assumed-secret-${this.issued}`,
        sessionToken: `token-${this.issued}`,
        expiration: new Date(this.clock.now() + this.lifetimeMs),
        arn: `arn:aws:sts::${request.roleArn.split(':')[4]}:assumed-role/${request.roleArn.split('/').pop()}/${request.sessionName}`,
      };
      return creds;
    };
  }

  async callerIdentity(credentials: CredentialProvider) {
    this.identityCalls++;
    const c = (await credentials()) as AwsCredentials & { arn?: string };
    if (c.arn) {
      const account = c.arn.split(':')[4]!;
      return { arn: c.arn, account, userId: `AROAEXAMPLE:${c.arn.split('/').pop()}` };
    }
    return {
      arn: `arn:aws:iam::${ACCOUNT_A}:user/ISBlogUser`,
      account: ACCOUNT_A,
      userId: 'AIDAISBLOGUSER',
    };
  }
}

export class RecordingObserver implements ProvisionObserver, RunObserver {
  readonly summaries: string[][] = [];
  readonly notices: string[] = [];
  readonly statuses: string[] = [];
  readonly fractions: (number | undefined)[] = [];

  summary(lines: string[]): void {
    this.summaries.push(lines);
  }
  progress(statusOrFraction: string | number | undefined): void {
    if (typeof statusOrFraction === 'string') this.statuses.push(statusOrFraction);
    else this.fractions.push(statusOrFraction);
  }
  notice(text: string): void {
    this.notices.push(text);
  }
  /** One record of both what provisioning and what the statement told. */
  get provision(): ProvisionObserver {
    return this;
  }
}

export interface Harness {
  clock: FakeClock;
  glue: InMemoryGlueGateway;
  sts: FakeStsBroker;
  controller: SessionController;
  observer: RecordingObserver;
  signal: AbortSignal;
}

export function sessionHarness(
  options: {
    env?: Record<string, string>;
    config?: SharedConfigSnapshot;
    glue?: Partial<ConstructorParameters<typeof InMemoryGlueGateway>[0]>;
    controller?: Partial<SessionControllerOptions>;
  } = {},
): Harness {
  const clock = new FakeClock();
  const glue = new InMemoryGlueGateway({ clock, account: ACCOUNT_B, ...options.glue });
  const sts = new FakeStsBroker(clock);
  let ids = 0;
  const controller = new SessionController({
    kind: 'pyspark',
    env: options.env ?? { AWS_REGION: 'us-east-1' },
    loadSharedConfig: async () => options.config ?? { configFile: {}, credentialsFile: {} },
    broker: sts,
    gateways: (t) => glue.withCredentials(t.credentials),
    clock,
    newId: () => `id-${++ids}`,
    logger: silentLogger,
    statementBackoff: () => new ExponentialBackoff({ random: seededRandom(7) }),
    ...options.controller,
  });
  return {
    clock,
    glue,
    sts,
    controller,
    observer: new RecordingObserver(),
    signal: new AbortController().signal,
  };
}
