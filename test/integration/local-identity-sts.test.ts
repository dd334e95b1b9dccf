import { expect } from 'chai';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  type AssumeRoleCommandOutput,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { loadAccounts } from '../../src/local/identity/accounts.js';
import type { Accounts } from '../../src/local/identity/account-model.js';
import {
  createIdentityPlane,
  type LocalIdentityPlane,
} from '../../src/local/identity/identity-plane.js';
import {
  signedGlueRequest,
  startIdentityServer,
  type IdentityTestServer,
} from './local-identity-support.js';
import { sdkFailureOf } from '../support/sdk-failure-of.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ISBLOG = {
  accessKeyId: 'AKIAISBLOGUSERSAMPLE',
  secretAccessKey: 'isbloguser-sample-secret-not-a-real-key',
};
const ANALYST = {
  accessKeyId: 'AKIADATAANALYSTSAMPL',
  secretAccessKey: 'dataanalyst-sample-secret-not-a-real-key',
};
const DEV = { accessKeyId: 'AKIATESTDEVUSER00001', secretAccessKey: 'test-dev-secret-not-real' };
const CREATION_ROLE = 'arn:aws:iam::222222222222:role/GlueSessionCreationRole';

interface Running {
  server: IdentityTestServer;
  plane: LocalIdentityPlane;
  log: string[];
}

async function start(accounts: Accounts): Promise<Running> {
  const log: string[] = [];
  const plane = createIdentityPlane(accounts, { log: (line) => log.push(line) });
  return { server: await startIdentityServer(plane), plane, log };
}

function sts(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): STSClient {
  return new STSClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
}

function fromCredentials(credentials: Credentials | undefined): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  return {
    accessKeyId: credentials?.AccessKeyId ?? '',
    secretAccessKey: credentials?.SecretAccessKey ?? '',
    sessionToken: credentials?.SessionToken,
  };
}

/**
 * Sends AssumeRole and checks Expiration is `seconds` after the moment STS issued the keys. That
 * moment lies between the clock readings around the call, and STS counts from its whole second,
 * so the bounds hold however long the call took on a loaded machine.
 */
async function assumeExpectingLifetime(
  client: STSClient,
  command: AssumeRoleCommand,
  seconds: number,
): Promise<AssumeRoleCommandOutput> {
  const before = Date.now();
  const assumed = await client.send(command);
  const after = Date.now();
  const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
  expect(assumed.Credentials?.Expiration?.getTime()).to.be.within(
    wholeSecond(before) + seconds * 1000,
    wholeSecond(after) + seconds * 1000,
  );
  return assumed;
}

describe('local STS over HTTP with the AWS SDK (scenario accounts)', () => {
  let running: Running;
  before(async () => {
    running = await start(await loadAccounts('notebooks/scenario-accounts.json'));
  });
  after(() => running.server.close());

  it('GetCallerIdentity answers for a user', async () => {
    const identity = await sts(running.server.endpoint, ISBLOG).send(
      new GetCallerIdentityCommand({}),
    );
    expect(identity).to.include({
      Arn: 'arn:aws:iam::111111111111:user/ISBlogUser',
      UserId: 'AIDAISBLOGUSER0000001',
      Account: '111111111111',
    });
  });

  it('ISBlogUser assumes the session creation role of account B, and the scenario policy applies', async () => {
    const assumed = await assumeExpectingLifetime(
      sts(running.server.endpoint, ISBLOG),
      new AssumeRoleCommand({ RoleArn: CREATION_ROLE, RoleSessionName: 'AssumeRoleSession' }),
      3600,
    );
    expect(assumed.Credentials?.AccessKeyId).to.match(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.AssumedRoleUser).to.deep.equal({
      AssumedRoleId: 'AROASESSIONCREATION01:AssumeRoleSession',
      Arn: 'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession',
    });

    const client = sts(running.server.endpoint, fromCredentials(assumed.Credentials));
    const identity = await client.send(new GetCallerIdentityCommand({}));
    expect(identity).to.include({
      Arn: 'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession',
      UserId: 'AROASESSIONCREATION01:AssumeRoleSession',
      Account: '222222222222',
    });

    // The assumed role's own policies (CustomCreateSessionPolicy) now decide CreateSession.
    const caller = running.plane.authenticate(
      await signedGlueRequest(fromCredentials(assumed.Credentials), '{}'),
    );
    const session = 'arn:aws:glue:us-east-1:222222222222:session/s1';
    const noVpc = running.plane.authorize(caller.principal, 'glue:CreateSession', session, {});
    expect(noVpc).to.deep.equal({
      allowed: false,
      kind: 'explicit-deny',
      message:
        'User: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession is not authorized ' +
        `to perform: glue:CreateSession on resource: ${session} with an explicit deny in an identity-based policy`,
    });
    const sessionVpc = running.plane.findConnection('222222222222', 'us-east-1', 'session_vpc');
    const inVpc = running.plane.authorize(caller.principal, 'glue:CreateSession', session, {
      'glue:VpcIds': [sessionVpc?.vpcId ?? ''],
    });
    expect(inVpc.kind).to.equal('allow');
    const otherVpc = running.plane.findConnection('222222222222', 'us-east-1', 'other_vpc');
    const wrongVpc = running.plane.authorize(caller.principal, 'glue:CreateSession', session, {
      'glue:VpcIds': [otherVpc?.vpcId ?? ''],
    });
    expect(wrongVpc.kind).to.equal('explicit-deny');
  });

  it("refuses a user whose own policies do not allow sts:AssumeRole (the caller's side)", async () => {
    const accounts = await loadAccounts('notebooks/scenario-accounts.json');
    const user = accounts.accounts[0]?.users.find((u) => u.name === 'ISBlogUser');
    if (!user) throw new Error('sample changed: ISBlogUser missing');
    user.policies = user.policies.filter((p) => p.name !== 'AssumeRoleAccountBPolicy');
    const variant = await start(accounts);
    try {
      const error = await sdkFailureOf(
        sts(variant.server.endpoint, ISBLOG).send(
          new AssumeRoleCommand({ RoleArn: CREATION_ROLE, RoleSessionName: 's1' }),
        ),
      );
      expect(error).to.deep.equal({
        name: 'AccessDenied',
        message: `User: arn:aws:iam::111111111111:user/ISBlogUser is not authorized to perform: sts:AssumeRole on resource: ${CREATION_ROLE}`,
        status: 403,
      });
      expect(variant.log.join('\n'))
        .to.include('no identity-based policy of the caller allows')
        .and.not.include('trust');
    } finally {
      await variant.server.close();
    }
  });

  it('refuses a user of account A that the trust policy does not name (the role side)', async () => {
    const error = await sdkFailureOf(
      sts(running.server.endpoint, ANALYST).send(
        new AssumeRoleCommand({ RoleArn: CREATION_ROLE, RoleSessionName: 's1' }),
      ),
    );
    expect(error).to.deep.equal({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::111111111111:user/DataAnalyst is not authorized to perform: sts:AssumeRole on resource: ${CREATION_ROLE}`,
      status: 403,
    });
    expect(running.log.at(-1)).to.include('the trust policy does not trust the caller');
  });

  it('refuses a role that does not exist with the same AccessDenied', async () => {
    const error = await sdkFailureOf(
      sts(running.server.endpoint, ISBLOG).send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::222222222222:role/NoSuchRole',
          RoleSessionName: 's1',
        }),
      ),
    );
    expect(error.name).to.equal('AccessDenied');
  });

  it('validates RoleSessionName like AWS', async () => {
    const client = sts(running.server.endpoint, ISBLOG);
    const short = await sdkFailureOf(
      client.send(new AssumeRoleCommand({ RoleArn: CREATION_ROLE, RoleSessionName: 'a' })),
    );
    expect(short).to.deep.include({ name: 'ValidationError', status: 400 });
    expect(short.message).to.include(
      "at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
    const spaced = await sdkFailureOf(
      client.send(new AssumeRoleCommand({ RoleArn: CREATION_ROLE, RoleSessionName: 'my session' })),
    );
    expect(spaced.message).to.include('Member must satisfy regular expression pattern');
  });

  it('no response ever contains a user secret access key', () => {
    const secrets = [ISBLOG.secretAccessKey, ANALYST.secretAccessKey];
    for (const body of running.server.bodies)
      for (const secret of secrets) expect(body).to.not.include(secret);
  });
});

describe('local STS: durations, role chaining and ExternalId', () => {
  let running: Running;
  before(async () => {
    running = await start(await loadAccounts('test/fixtures/iam/identity-accounts.json'));
  });
  after(() => running.server.close());

  const LONG = 'arn:aws:iam::333333333333:role/team/LongRole';
  const SHORT = 'arn:aws:iam::333333333333:role/ShortRole';
  const EXTERNAL = 'arn:aws:iam::333333333333:role/ExternalRole';

  it('grants up to the role MaxSessionDuration; the assumed-role ARN has no path', async () => {
    const assumed = await assumeExpectingLifetime(
      sts(running.server.endpoint, DEV),
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'long', DurationSeconds: 43200 }),
      43200,
    );
    expect(assumed.AssumedRoleUser?.Arn).to.equal(
      'arn:aws:sts::333333333333:assumed-role/LongRole/long',
    );
  });

  it('refuses DurationSeconds above the role maximum and below 900', async () => {
    const client = sts(running.server.endpoint, DEV);
    const tooLong = await sdkFailureOf(
      client.send(
        new AssumeRoleCommand({ RoleArn: SHORT, RoleSessionName: 'sx', DurationSeconds: 7200 }),
      ),
    );
    expect(tooLong).to.deep.equal({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      status: 400,
    });
    const tooShort = await sdkFailureOf(
      client.send(
        new AssumeRoleCommand({ RoleArn: SHORT, RoleSessionName: 'sx', DurationSeconds: 899 }),
      ),
    );
    expect(tooShort.message).to.include(
      "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it('caps role chaining at one hour', async () => {
    const first = await sts(running.server.endpoint, DEV).send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'first', DurationSeconds: 7200 }),
    );
    const chained = sts(running.server.endpoint, fromCredentials(first.Credentials));
    const error = await sdkFailureOf(
      chained.send(
        new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'second', DurationSeconds: 7200 }),
      ),
    );
    expect(error).to.deep.equal({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      status: 400,
    });
    const ok = await chained.send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'second', DurationSeconds: 3600 }),
    );
    expect(ok.AssumedRoleUser?.Arn).to.equal(
      'arn:aws:sts::333333333333:assumed-role/LongRole/second',
    );
  });

  it('checks sts:ExternalId in the trust policy', async () => {
    const client = sts(running.server.endpoint, DEV);
    const ok = await client.send(
      new AssumeRoleCommand({
        RoleArn: EXTERNAL,
        RoleSessionName: 'partner',
        ExternalId: 'partner-4711',
      }),
    );
    expect(ok.AssumedRoleUser?.Arn).to.equal(
      'arn:aws:sts::333333333333:assumed-role/ExternalRole/partner',
    );
    const wrong = await sdkFailureOf(
      client.send(
        new AssumeRoleCommand({
          RoleArn: EXTERNAL,
          RoleSessionName: 'partner',
          ExternalId: 'guess-0000',
        }),
      ),
    );
    expect(wrong.name).to.equal('AccessDenied');
    const missing = await sdkFailureOf(
      client.send(new AssumeRoleCommand({ RoleArn: EXTERNAL, RoleSessionName: 'partner' })),
    );
    expect(missing.name).to.equal('AccessDenied');
  });

  it('a same-account trust policy naming the user is enough on its own', async () => {
    const assumed = await sts(running.server.endpoint, DEV).send(
      new AssumeRoleCommand({ RoleArn: SHORT, RoleSessionName: 'short' }),
    );
    expect(assumed.AssumedRoleUser?.AssumedRoleId).to.match(/^AROA[A-Z2-7]{17}:short$/);
  });
});
