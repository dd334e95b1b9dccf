import { CreateSessionCommand, GlueClient } from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT_ID, DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { hasVenvBin, venvBin, skipUnlessAvailable } from '../support/venv.js';

/** The AWS CLI (botocore) is an independent client of the local endpoint. */
describe('local endpoint with the AWS CLI', function () {
  this.timeout(60_000);
  let endpoint: LocalEndpoint;
  let home: string;

  before(async function () {
    skipUnlessAvailable(this, hasVenvBin('aws'), 'the venv AWS CLI');
    home = mkdtempSync(join(tmpdir(), 'glue-local-cli-'));
    endpoint = await startLocalEndpoint({ port: 0, faults: { provisioningDelayMs: 0 } });
    const glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
    const sessions: [string, string][] = [
      ['a1', 'analytics'],
      ['o1', 'other'],
      ['a2', 'analytics'],
    ];
    for (const [id, team] of sessions) {
      await glue.send(
        new CreateSessionCommand({
          Id: id,
          Role: DEFAULT_ROLE_ARN,
          Command: { Name: 'glueetl' },
          Tags: { team },
        }),
      );
    }
    glue.destroy();
  });
  after(async () => {
    await endpoint?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Async: the endpoint runs in this process, so a synchronous spawn would block it. */
  function aws(
    ...args: string[]
  ): Promise<{ status: number | null; json: Record<string, unknown>; stderr: string }> {
    const child = spawn(venvBin('aws'), [...args, '--output', 'json'], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_ENDPOINT_URL_GLUE: endpoint.url,
        AWS_ENDPOINT_URL_STS: endpoint.url,
        AWS_ACCESS_KEY_ID: endpoint.defaultCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: endpoint.defaultCredentials.secretAccessKey,
        AWS_REGION: endpoint.region,
        AWS_DEFAULT_REGION: endpoint.region,
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => {
      child.on('close', (status) => {
        const json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
        resolve({ status, json, stderr });
      });
    });
  }

  it('lists sessions by tag', async () => {
    const result = await aws('glue', 'list-sessions', '--tags', 'team=analytics');
    expect(result.status, result.stderr).to.equal(0);
    expect(result.json.Ids).to.deep.equal(['a1', 'a2']);
  });

  it('reads a session and its tags', async () => {
    const session = await aws('glue', 'get-session', '--id', 'a1');
    expect(session.status, session.stderr).to.equal(0);
    expect((session.json.Session as { Status: string }).Status).to.be.oneOf([
      'PROVISIONING',
      'READY',
    ]);
    const arn = `arn:aws:glue:${endpoint.region}:${DEFAULT_ACCOUNT_ID}:session/a1`;
    const tags = await aws('glue', 'get-tags', '--resource-arn', arn);
    expect(tags.json.Tags).to.deep.equal({ team: 'analytics' });
  });

  it('shows the AWS error of a missing session', async () => {
    const result = await aws('glue', 'get-session', '--id', 'missing');
    expect(result.status).to.not.equal(0);
    expect(result.stderr).to.contain(
      'An error occurred (EntityNotFoundException) when calling the GetSession operation: Session missing not found.',
    );
  });
});
