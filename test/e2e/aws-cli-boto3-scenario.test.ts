import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** boto3 inside a small Python script: the second independent client (the AWS CLI is the first). */
const BOTO3_CREATE = `
import json, sys, boto3, botocore
glue = boto3.client("glue")
out = {}
for sid, conns, team in [("analytics-1", ["session_vpc"], "analytics"),
                         ("other-1", ["session_vpc"], "other"),
                         ("novpc-1", None, "analytics")]:
    args = dict(Id=sid, Role="arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog",
                Command={"Name": "glueetl", "PythonVersion": "3"}, Tags={"team": team})
    if conns:
        args["Connections"] = {"Connections": conns}
    try:
        out[sid] = glue.create_session(**args)["Session"]["Status"]
    except botocore.exceptions.ClientError as e:
        out[sid] = e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
print(json.dumps(out))
`;

/**
 * The administrator's view of the scenario (reference/scenario.md, step 7) against
 * `glue-kernel local` with the sample accounts, through the AWS CLI and boto3, unchanged.
 */
describe('e2e: the AWS CLI and boto3 against `glue-kernel local` with the scenario accounts', function () {
  this.timeout(120_000);
  let server: ChildProcess;
  let url = '';
  let home: string;

  before(async function () {
    skipUnlessAvailable(
      this,
      hasVenvBin('aws') && hasVenvBin('python'),
      'the venv AWS CLI and boto3',
    );
    home = mkdtempSync(join(tmpdir(), 'glue-admin-'));
    const [command, ...args] = glueKernelCommand(
      'local',
      '--port',
      '0',
      '--provisioning-delay',
      '0',
      '--accounts',
      join(REPO_ROOT, 'notebooks', 'scenario-accounts.json'),
      '--state-dir',
      join(home, 'state'),
    );
    server = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(seen);
        if (found) resolve(found[1]!);
      });
      server.once('exit', (code) => reject(new Error(`glue-kernel local exited ${code}: ${seen}`)));
    });
  });
  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited; // it writes its state while stopping
    }
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function run(file: string, args: string[], keys: Record<string, string>): Promise<CommandResult> {
    const child = spawn(file, args, {
      env: {
        PATH: process.env['PATH'],
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_ENDPOINT_URL_GLUE: url,
        AWS_ENDPOINT_URL_STS: url,
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        ...keys,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) =>
      child.on('close', (status) => resolve({ status, stdout, stderr })),
    );
  }

  const isBlogUser = {
    AWS_ACCESS_KEY_ID: 'AKIAISBLOGUSERSAMPLE',
    AWS_SECRET_ACCESS_KEY: 'isbloguser-sample-secret-not-a-real-key',
  };
  let roleKeys: Record<string, string> = {};

  it('aws sts get-caller-identity names ISBlogUser of account A', async () => {
    const result = await run(
      venvBin('aws'),
      ['sts', 'get-caller-identity', '--output', 'json'],
      isBlogUser,
    );
    expect(result.status, result.stderr).to.equal(0);
    const identity = JSON.parse(result.stdout) as { Account: string; Arn: string };
    expect(identity).to.include({
      Account: '111111111111',
      Arn: 'arn:aws:iam::111111111111:user/ISBlogUser',
    });
  });

  it('aws sts assume-role gets temporary keys for GlueSessionCreationRole in account B', async () => {
    const result = await run(
      venvBin('aws'),
      [
        'sts',
        'assume-role',
        '--role-arn',
        'arn:aws:iam::222222222222:role/GlueSessionCreationRole',
        '--role-session-name',
        'admin',
        '--output',
        'json',
      ],
      isBlogUser,
    );
    expect(result.status, result.stderr).to.equal(0);
    const body = JSON.parse(result.stdout) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
      AssumedRoleUser: { Arn: string };
    };
    expect(body.AssumedRoleUser.Arn).to.equal(
      'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/admin',
    );
    expect(body.Credentials.AccessKeyId).to.match(/^ASIA/);
    roleKeys = {
      AWS_ACCESS_KEY_ID: body.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: body.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: body.Credentials.SessionToken,
    };
  });

  it('boto3 creates sessions in the VPC and is explicitly denied without one', async () => {
    const result = await run(venvBin('python'), ['-c', BOTO3_CREATE], roleKeys);
    expect(result.status, result.stderr).to.equal(0);
    const outcome = JSON.parse(result.stdout) as Record<string, string>;
    expect(outcome['analytics-1']).to.be.oneOf(['PROVISIONING', 'READY']);
    expect(outcome['other-1']).to.be.oneOf(['PROVISIONING', 'READY']);
    expect(outcome['novpc-1']).to.match(
      /^AccessDeniedException: .*glue:CreateSession.*explicit deny/,
    );
  });

  it('aws glue list-sessions --tags team=analytics lists only the tagged session', async () => {
    const result = await run(
      venvBin('aws'),
      ['glue', 'list-sessions', '--tags', 'team=analytics', '--output', 'json'],
      roleKeys,
    );
    expect(result.status, result.stderr).to.equal(0);
    expect((JSON.parse(result.stdout) as { Ids: string[] }).Ids).to.deep.equal(['analytics-1']);
  });

  it('aws glue get-tags on the session ARN shows its tags', async () => {
    const result = await run(
      venvBin('aws'),
      [
        'glue',
        'get-tags',
        '--resource-arn',
        'arn:aws:glue:us-east-1:222222222222:session/analytics-1',
        '--output',
        'json',
      ],
      roleKeys,
    );
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ Tags: { team: 'analytics' } });
  });
});
