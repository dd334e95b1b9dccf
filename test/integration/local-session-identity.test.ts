import {
  CreateSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  GlueClient,
  RunStatementCommand,
  StopSessionCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { waitUntil } from '../support/local-wait.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

/** What the operator's shell holds when it starts the endpoint: none of it may reach a session. */
const OPERATOR_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAOPERATOR000000000',
  AWS_SECRET_ACCESS_KEY: 'operator-secret-do-not-leak',
  AWS_SESSION_TOKEN: 'operator-token-do-not-leak',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  MY_SERVICE_API_TOKEN: 'operator-api-token-do-not-leak',
};

/** A session's code acts as the session's role, as on Glue (boto3 inside a statement). */
describe('local sessions act as their role', function () {
  this.timeout(60_000);
  let endpoint: LocalEndpoint;
  let glue: GlueClient;
  const saved: Record<string, string | undefined> = {};

  before(async function () {
    skipUnlessAvailable(this, hasVenvBin('python'), 'the venv Python (with boto3)');
    for (const [name, value] of Object.entries(OPERATOR_ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    endpoint = await startLocalEndpoint({
      port: 0,
      python: venvBin('python'),
      faults: { provisioningDelayMs: 0 },
    });
    glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    glue?.destroy();
    await endpoint?.close();
  });

  async function run(sessionId: string, code: string): Promise<string> {
    const { Id } = await glue.send(new RunStatementCommand({ SessionId: sessionId, Code: code }));
    const done = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: sessionId, Id })),
      (r) => ['AVAILABLE', 'ERROR', 'CANCELLED'].includes(r.Statement?.State ?? ''),
      30_000,
    );
    const output = done.Statement?.Output;
    if (output?.ErrorName) throw new Error(`${output.ErrorName}: ${output.ErrorValue}`);
    return output?.Data?.TextPlain ?? '';
  }

  it("boto3 in a statement is the session role's assumed role; the operator's keys are not there", async () => {
    await glue.send(
      new CreateSessionCommand({
        Id: 'as-role',
        Role: DEFAULT_ROLE_ARN,
        Command: { Name: 'glueetl', PythonVersion: '3' },
      }),
    );
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'as-role' })),
      (r) => r.Session?.Status === 'READY',
      30_000,
    );
    const identity = await run(
      'as-role',
      "import boto3\nprint(boto3.client('sts').get_caller_identity()['Arn'])",
    );
    expect(identity.trim()).to.equal(
      'arn:aws:sts::123456789012:assumed-role/GlueLocalSessionRole/GlueJobRunnerSession',
    );
    const sessions = await run(
      'as-role',
      "print(boto3.client('glue').get_session(Id='as-role')['Session']['Status'])",
    );
    expect(sessions.trim()).to.equal('READY');
    const leaked = await run(
      'as-role',
      [
        'import os',
        `secrets = ${JSON.stringify(Object.values(OPERATOR_ENV).filter((v) => !v.startsWith('http')))}`,
        'print([name for name, value in os.environ.items() if any(s in value for s in secrets)])',
      ].join('\n'),
    );
    expect(leaked.trim()).to.equal('[]');
    const keys = await run(
      'as-role',
      "print(os.environ['AWS_ACCESS_KEY_ID'][:4], os.environ['AWS_ENDPOINT_URL_STS'] == " +
        `${JSON.stringify(endpoint.url)})`,
    );
    expect(keys.trim()).to.equal('ASIA True');
  });

  it("a session's credentials stop working when the session stops", async () => {
    await glue.send(
      new CreateSessionCommand({
        Id: 'revoked',
        Role: DEFAULT_ROLE_ARN,
        Command: { Name: 'glueetl', PythonVersion: '3' },
      }),
    );
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'revoked' })),
      (r) => r.Session?.Status === 'READY',
      30_000,
    );
    const printed = await run(
      'revoked',
      "import os\nprint(os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'], os.environ['AWS_SESSION_TOKEN'])",
    );
    const [accessKeyId, secretAccessKey, sessionToken] = printed.trim().split(' ');
    const asSession = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken },
      maxAttempts: 1,
    });
    try {
      expect((await asSession.send(new GetSessionCommand({ Id: 'revoked' }))).Session?.Id).to.equal(
        'revoked',
      );
      await glue.send(new StopSessionCommand({ Id: 'revoked' }));
      await waitUntil(
        () => glue.send(new GetSessionCommand({ Id: 'revoked' })),
        (r) => r.Session?.Status === 'STOPPED',
      );
      const refused = await asSession
        .send(new GetSessionCommand({ Id: 'revoked' }))
        .catch((err: Error) => err);
      expect((refused as Error).name).to.equal('UnrecognizedClientException');
    } finally {
      asSession.destroy();
    }
  });
});
