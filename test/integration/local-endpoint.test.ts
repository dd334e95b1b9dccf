import {
  CreateSessionCommand,
  GetConnectionsCommand,
  GetSessionCommand,
  GetStatementCommand,
  GlueClient,
  RunStatementCommand,
} from '@aws-sdk/client-glue';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'chai';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { waitUntil } from '../support/local-wait.js';

describe('local endpoint (built-in account, real SigV4 and IAM)', () => {
  let endpoint: LocalEndpoint;
  let glue: GlueClient;

  before(async () => {
    endpoint = await startLocalEndpoint({ port: 0, faults: { provisioningDelayMs: 0 } });
    glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
  });
  after(async () => {
    glue.destroy();
    await endpoint.close();
  });

  it('listens on 127.0.0.1 and names its default user', async () => {
    expect(endpoint.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sts = new STSClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Arn).to.equal(endpoint.defaultUserArn);
  });

  it('creates a session with the default role and runs Python in it', async () => {
    await glue.send(
      new CreateSessionCommand({
        Id: 'e2e',
        Role: DEFAULT_ROLE_ARN,
        Command: { Name: 'glueetl', PythonVersion: '3' },
      }),
    );
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'e2e' })),
      (r) => r.Session?.Status === 'READY',
    );
    const { Id } = await glue.send(
      new RunStatementCommand({ SessionId: 'e2e', Code: 'import sys\nsys.version_info[0]' }),
    );
    const done = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'e2e', Id })),
      (r) => r.Statement?.State === 'AVAILABLE',
    );
    expect(done.Statement?.Output?.Data?.TextPlain).to.equal('3\n');
  });

  it('lists the account connections', async () => {
    const list = await glue.send(new GetConnectionsCommand({}));
    const names = list.ConnectionList?.map((c) => c.Name);
    expect(names).to.include('local_vpc');
    const vpc = list.ConnectionList?.find((c) => c.Name === 'local_vpc');
    expect(vpc?.PhysicalConnectionRequirements?.SubnetId).to.match(/^subnet-/);
  });

  it('rejects a request signed with a wrong secret key', async () => {
    const forged = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: {
        accessKeyId: endpoint.defaultCredentials.accessKeyId,
        secretAccessKey: 'wrong',
      },
      maxAttempts: 1,
    });
    const err = (await forged.send(new GetConnectionsCommand({})).catch((e: Error) => e)) as Error;
    forged.destroy();
    expect(err.name).to.equal('InvalidSignatureException');
    expect(err.message).not.to.contain(endpoint.defaultCredentials.secretAccessKey);
  });

  it('answers with one request id per response, the one an STS error body names', async () => {
    const unsigned = await fetch(`${endpoint.url}/`);
    const stsId = unsigned.headers.get('x-amzn-requestid');
    // fetch joins repeated headers with ", ": a single UUID means a single header.
    expect(stsId).to.match(/^[0-9a-f-]{36}$/);
    expect(await unsigned.text()).to.contain(`<RequestId>${stsId}</RequestId>`);

    const glueError = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSGlue.ListSessions' },
      body: '{}',
    });
    expect(glueError.headers.get('x-amzn-requestid')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('stops every Python worker on close', async () => {
    const own = await startLocalEndpoint({ port: 0, faults: { provisioningDelayMs: 0 } });
    const client = new GlueClient({
      endpoint: own.url,
      region: own.region,
      credentials: own.defaultCredentials,
    });
    await client.send(
      new CreateSessionCommand({ Id: 'c', Role: DEFAULT_ROLE_ARN, Command: { Name: 'glueetl' } }),
    );
    await waitUntil(
      () => client.send(new GetSessionCommand({ Id: 'c' })),
      (r) => r.Session?.Status === 'READY',
    );
    const { Id } = await client.send(
      new RunStatementCommand({ SessionId: 'c', Code: 'import os\nos.getpid()' }),
    );
    const done = await waitUntil(
      () => client.send(new GetStatementCommand({ SessionId: 'c', Id })),
      (r) => r.Statement?.State === 'AVAILABLE',
    );
    const pid = Number(done.Statement?.Output?.Data?.TextPlain);
    expect(pid).to.be.greaterThan(0);
    client.destroy();
    await own.close();
    expect(() => process.kill(pid, 0)).to.throw();
  });
});
