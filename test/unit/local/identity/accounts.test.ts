import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccountsFileError,
  parseAccountsFile,
} from '../../../../src/local/identity/accounts-file.js';
import {
  DEFAULT_ACCESS_KEY_ID,
  defaultAccounts,
  loadAccounts,
} from '../../../../src/local/identity/accounts.js';
import { createIdentityPlane } from '../../../../src/local/identity/identity-plane.js';

const SAMPLE = 'notebooks/scenario-accounts.json';

async function sampleJson(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(SAMPLE, 'utf8')) as Record<string, unknown>;
}

function problemOf(value: unknown): { path: string; message: string } {
  try {
    parseAccountsFile(value, 'test.json');
  } catch (error) {
    if (error instanceof AccountsFileError) return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error('expected an AccountsFileError');
}

/** A deep copy of the sample with one change applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach into arbitrary JSON
async function sampleWith(change: (json: any) => void): Promise<unknown> {
  const json = await sampleJson();
  change(json);
  return json;
}

describe('accounts file', () => {
  it('loads the scenario sample: accounts, users, roles, connections', async () => {
    const accounts = await loadAccounts(SAMPLE);
    const [a, b] = accounts.accounts;
    expect(a?.id).to.equal('111111111111');
    expect(a?.users.map((u) => u.name)).to.deep.equal([
      'ISBlogUser',
      'ISBlogUserNoAssume',
      'DataAnalyst',
    ]);
    expect(a?.users[0]?.policies.map((p) => p.name)).to.deep.equal([
      'AWSGlueConsoleFullAccess',
      'AssumeRoleAccountBPolicy',
    ]);
    expect(b?.roles.map((r) => r.arn)).to.deep.equal([
      'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
      'arn:aws:iam::222222222222:role/GlueSessionCreationRole',
    ]);
    expect(b?.connections[0]).to.deep.equal({
      name: 'session_vpc',
      accountId: '222222222222',
      region: 'us-east-1',
      connectionType: 'NETWORK',
      subnetId: 'subnet-0a1b2c3d4e5f67890',
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      securityGroupIds: ['sg-0a1b2c3d4e5f67890'],
      availabilityZone: 'us-east-1a',
    });
  });

  it('the sample keeps the scenario trust policy and CustomCreateSessionPolicy exactly', async () => {
    const accounts = await loadAccounts(SAMPLE);
    const role = accounts.accounts[1]?.roles.find((r) => r.name === 'GlueSessionCreationRole');
    expect(role?.trustPolicy.document).to.deep.equal({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: [
              'arn:aws:iam::111111111111:role/AWSGlueServiceRole-notebooks',
              'arn:aws:iam::111111111111:user/ISBlogUser',
            ],
          },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    const custom = role?.policies.find((p) => p.name === 'CustomCreateSessionPolicy')?.document;
    const sids = (custom?.Statement as { Sid: string }[]).map((s) => s.Sid);
    expect(sids).to.deep.equal(['DenyOtherVpcs', 'DenyNoVpc', 'AllowSessions', 'AllowPassRole']);
  });

  it('names the path of a bad field', async () => {
    expect(problemOf(await sampleWith((j) => (j.accounts[1].id = '2222')))).to.deep.equal({
      path: 'accounts[1].id',
      message: 'test.json: accounts[1].id: "2222" is not valid (12 digits)',
    });
    expect(
      problemOf(
        await sampleWith(
          (j) => (j.policies.CustomCreateSessionPolicy.Statement[1].Effect = 'deny'),
        ),
      ).path,
    ).to.equal('policies.CustomCreateSessionPolicy.Statement[1].Effect');
    expect(
      problemOf(
        await sampleWith((j) => (j.accounts[0].users[0].accessKeys[0].accessKeyId = 'lower-case')),
      ).path,
    ).to.equal('accounts[0].users[0].accessKeys[0].accessKeyId');
    expect(
      problemOf(await sampleWith((j) => (j.accounts[1].roles[1].maxSessionDuration = 100))).path,
    ).to.equal('accounts[1].roles[1].maxSessionDuration');
    expect(
      problemOf(await sampleWith((j) => (j.accounts[1].connections[0].vpcId = 'vpc-XYZ'))).path,
    ).to.equal('accounts[1].connections[0].vpcId');
    expect(
      problemOf(
        await sampleWith(
          (j) => (j.accounts[1].roles[0].trustPolicy.Statement[0].Principal = 'glue'),
        ),
      ).path,
    ).to.equal('accounts[1].roles[0].trustPolicy.Statement[0].Principal');
  });

  it('explains unknown fields, unknown policy names, unknown operators and duplicates', async () => {
    expect(
      problemOf(await sampleWith((j) => (j.accounts[0].users[0].polices = []))),
    ).to.deep.include({
      path: 'accounts[0].users[0].polices',
    });
    const unknownPolicy = problemOf(
      await sampleWith((j) => j.accounts[0].users[0].policies.push('NoSuchPolicy')),
    );
    expect(unknownPolicy.path).to.equal('accounts[0].users[0].policies[2]');
    expect(unknownPolicy.message).to.include('no policy named "NoSuchPolicy"');
    const operator = problemOf(
      await sampleWith(
        (j) =>
          (j.policies.CustomCreateSessionPolicy.Statement[1].Condition = {
            IsNull: { 'glue:VpcIds': true },
          }),
      ),
    );
    expect(operator).to.deep.include({
      path: 'policies.CustomCreateSessionPolicy.Statement[1].Condition.IsNull',
    });
    expect(operator.message).to.include('unknown condition operator');
    const duplicateKey = problemOf(
      await sampleWith(
        (j) => (j.accounts[0].users[1].accessKeys[0].accessKeyId = 'AKIAISBLOGUSERSAMPLE'),
      ),
    );
    expect(duplicateKey.path).to.equal('accounts[0].users[1].accessKeys[0].accessKeyId');
    expect(
      problemOf(await sampleWith((j) => j.accounts[1].roles.push(j.accounts[1].roles[0]))).message,
    ).to.include('duplicate role "AWSGlueServiceRole-blog"');
    expect(problemOf(await sampleWith((j) => (j.faults = { throttleRate: 2 }))).path).to.equal(
      'faults.throttleRate',
    );
  });

  it('a missing file or bad JSON is reported with the file name and a hint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accounts-'));
    try {
      const missing = join(dir, 'none.json');
      let error = await loadAccounts(missing).catch((e: unknown) => e);
      expect(String(error))
        .to.include(`${missing}: accounts file not found;`)
        .and.include('docs/local-accounts.md');
      const broken = join(dir, 'broken.json');
      await writeFile(broken, '{"accounts": [');
      error = await loadAccounts(broken).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(AccountsFileError);
      expect(String(error)).to.include('is not valid JSON');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the built-in defaults: one permissive account with documented keys and local_vpc everywhere', () => {
    const plane = createIdentityPlane(defaultAccounts());
    expect(plane.accountIds).to.deep.equal(['123456789012']);
    expect(
      plane.listConnections('123456789012', 'eu-central-1').map((c) => [c.name, c.region]),
    ).to.deep.equal([['local_vpc', 'eu-central-1']]);
    const accounts = defaultAccounts();
    expect(accounts.accounts[0]?.users[0]?.accessKeys[0]?.accessKeyId).to.equal(
      DEFAULT_ACCESS_KEY_ID,
    );
    const user = {
      type: 'user' as const,
      arn: 'arn:aws:iam::123456789012:user/local-user',
      accountId: '123456789012',
      userId: 'AIDAX',
      temporary: false,
    };
    expect(
      plane.authorize(
        user,
        'glue:CreateSession',
        'arn:aws:glue:us-east-1:123456789012:session/x',
        {},
      ).allowed,
    ).to.equal(true);
    expect(
      plane.findRole('arn:aws:iam::123456789012:role/GlueLocalSessionRole')
        ?.maxSessionDurationSeconds,
    ).to.equal(43200);
  });

  it('maps buckets to folders relative to the accounts file, which must exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'accounts-buckets-'));
    try {
      await mkdir(join(dir, 'data'));
      const file = join(dir, 'accounts.json');
      const json = await sampleWith((j) => (j.buckets = { 'raw-data': './data', abs: dir }));
      expect(parseAccountsFile(json, file).buckets).to.deep.equal({
        'raw-data': join(dir, 'data'),
        abs: dir,
      });
      const missing = await sampleWith((j) => (j.buckets = { 'raw-data': './nope' }));
      expect(() => parseAccountsFile(missing, file)).to.throw(
        `${file}: buckets.raw-data: folder ${join(dir, 'nope')} does not exist`,
      );
      const badName = await sampleWith((j) => (j.buckets = { Bad_Name: './data' }));
      expect(() => parseAccountsFile(badName, file)).to.throw(
        /buckets\.Bad_Name: The specified bucket is not valid/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
