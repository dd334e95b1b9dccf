import {
  CreateSessionCommand,
  GetSessionCommand,
  GetTagsCommand,
  GlueClient,
  ListSessionsCommand,
} from '@aws-sdk/client-glue';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { repoRoot, skipUnlessAvailable } from '../support/venv.js';
import { waitUntil } from '../support/local-wait.js';

const ACCOUNTS_FILE = join(repoRoot, 'notebooks', 'scenario-accounts.json');
const CREATION_ROLE = 'arn:aws:iam::222222222222:role/GlueSessionCreationRole';
const RUNTIME_ROLE = 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog';

interface ScenarioFile {
  accounts: {
    id: string;
    users?: { name: string; accessKeys?: { accessKeyId: string; secretAccessKey: string }[] }[];
  }[];
}

function userKeys(name: string): { accessKeyId: string; secretAccessKey: string } {
  const file = JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')) as ScenarioFile;
  const user = file.accounts.flatMap((a) => a.users ?? []).find((u) => u.name === name);
  const keys = user?.accessKeys?.[0];
  if (!keys) throw new Error(`${name} has no keys in ${ACCOUNTS_FILE}`);
  return keys;
}

describe('local endpoint: the cross-account VPC scenario (scenario accounts file)', function () {
  let endpoint: LocalEndpoint;
  let glue: GlueClient;
  let glueWest: GlueClient;

  before(async function () {
    skipUnlessAvailable(this, existsSync(ACCOUNTS_FILE), ACCOUNTS_FILE);
    endpoint = await startLocalEndpoint({
      port: 0,
      accountsFile: ACCOUNTS_FILE,
      faults: { provisioningDelayMs: 0 },
    });
    const sts = new STSClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: userKeys('ISBlogUser'),
    });
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: CREATION_ROLE, RoleSessionName: 'AssumeRoleSession' }),
    );
    sts.destroy();
    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    glue = new GlueClient({ endpoint: endpoint.url, region: 'us-east-1', credentials });
    glueWest = new GlueClient({ endpoint: endpoint.url, region: 'us-west-2', credentials });
  });
  after(async () => {
    glue?.destroy();
    glueWest?.destroy();
    await endpoint?.close();
  });

  const request = (id: string, connections?: string[]) =>
    new CreateSessionCommand({
      Id: id,
      Role: RUNTIME_ROLE,
      Command: { Name: 'glueetl', PythonVersion: '3' },
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 5,
      IdleTimeout: 2880,
      Tags: { team: 'analytics', billing: 'Data-Platform' },
      ...(connections ? { Connections: { Connections: connections } } : {}),
    });

  it('denies CreateSession without a VPC connection with the explicit-deny message', async () => {
    const err = (await glue.send(request('novpc')).catch((e: Error) => e)) as Error & {
      $metadata: { httpStatusCode?: number };
    };
    expect(err.name).to.equal('AccessDeniedException');
    expect(err.$metadata.httpStatusCode).to.equal(400);
    expect(err.message).to.contain(
      'User: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession is not authorized to perform: glue:CreateSession on resource: arn:aws:glue:us-east-1:222222222222:session/novpc with an explicit deny',
    );
    const list = await glue.send(new ListSessionsCommand({}));
    expect(list.Ids).not.to.include('novpc');
  });

  it('creates the session inside session_vpc, tagged, and finds it by tag', async () => {
    const created = await glue.send(request('vpc', ['session_vpc']));
    expect(created.Session?.Connections?.Connections).to.deep.equal(['session_vpc']);
    const ready = await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'vpc' })),
      (r) => r.Session?.Status !== 'PROVISIONING',
    );
    expect(ready.Session?.Status).to.equal('READY');
    const tags = await glue.send(
      new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:222222222222:session/vpc' }),
    );
    expect(tags.Tags).to.deep.equal({ team: 'analytics', billing: 'Data-Platform' });
    const byTag = await glue.send(new ListSessionsCommand({ Tags: { team: 'analytics' } }));
    expect(byTag.Ids).to.deep.equal(['vpc']);
  });

  it('is denied for another VPC connection', async () => {
    const err = (await glue
      .send(request('othervpc', ['other_vpc']))
      .catch((e: Error) => e)) as Error;
    expect(err.name).to.equal('AccessDeniedException');
    expect(err.message).to.contain('explicit deny');
  });

  it('says the connection is not found when the region differs from the connection', async () => {
    const err = (await glueWest
      .send(request('west', ['session_vpc']))
      .catch((e: Error) => e)) as Error;
    expect(err.name).to.equal('EntityNotFoundException');
    expect(err.message).to.contain('Connection session_vpc not found');
    expect(err.message).to.contain('us-west-2');
  });

  it("refuses ISBlogUser (account A) passing account B's session role directly", async () => {
    // ISBlogUser may pass arn:aws:iam::*:role/AWSGlueServiceRole*, but IAM never passes a role
    // of another account: the user has to assume the creation role in account B first.
    const direct = new GlueClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: userKeys('ISBlogUser'),
    });
    try {
      const err = (await direct.send(request('direct')).catch((e: Error) => e)) as Error;
      expect(err.name).to.equal('AccessDeniedException');
      expect(err.message).to.match(/^Cross-account pass role is not allowed\. /);
      expect(err.message).to.contain(`${RUNTIME_ROLE} belongs to account 222222222222`);
      const list = await direct.send(new ListSessionsCommand({}));
      expect(list.Ids).to.deep.equal([]);
    } finally {
      direct.destroy();
    }
  });
});
