import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { hasVenvBin, repoRoot, skipUnlessAvailable, venvBin } from '../support/venv.js';

const ACCOUNT = '111111111111';
const ADMIN = {
  accessKeyId: 'AKIACATALOGADMIN0001',
  secretAccessKey: 'catalog-admin-sample-secret',
};
const ANALYST = {
  accessKeyId: 'AKIACATALOGANALYST01',
  secretAccessKey: 'catalog-analyst-sample-secret',
};
const arn = (resource: string) => `arn:aws:glue:us-east-1:${ACCOUNT}:${resource}`;

/** An administrator, and an analyst who may read sales.orders only and may never delete tables. */
const ACCOUNTS = {
  policies: {
    Admin: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    ReadOrders: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['glue:GetTable', 'glue:GetPartitions', 'glue:DeleteTable'],
          Resource: [arn('catalog'), arn('database/sales'), arn('table/sales/orders')],
        },
        { Effect: 'Deny', Action: 'glue:DeleteTable', Resource: '*' },
      ],
    },
  },
  accounts: [
    {
      id: ACCOUNT,
      users: [
        { name: 'admin', accessKeys: [ADMIN], policies: ['Admin'] },
        { name: 'analyst', accessKeys: [ANALYST], policies: ['ReadOrders'] },
      ],
    },
  ],
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Async: the endpoint runs in this process, so a synchronous spawn would block it. */
function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('local Data Catalog with boto3 and the AWS CLI', function () {
  this.timeout(120_000);
  let endpoint: LocalEndpoint;
  let home: string;

  before(async function () {
    skipUnlessAvailable(this, hasVenvBin('aws'), 'the venv AWS CLI');
    home = mkdtempSync(join(tmpdir(), 'glue-catalog-'));
    writeFileSync(join(home, 'accounts.json'), JSON.stringify(ACCOUNTS));
    endpoint = await startLocalEndpoint({ port: 0, accountsFile: join(home, 'accounts.json') });
  });
  after(async () => {
    await endpoint?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const awsEnv = (keys: typeof ADMIN): Record<string, string> => ({
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ENDPOINT_URL_GLUE: endpoint.url,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
  });

  it('serves every operation, error, page and IAM decision within botocore’s published model', async () => {
    const result = await run(
      venvBin('python'),
      [join(repoRoot, 'test', 'integration', 'catalog_contract.py')],
      {
        ENDPOINT: endpoint.url,
        ADMIN_KEY: ADMIN.accessKeyId,
        ADMIN_SECRET: ADMIN.secretAccessKey,
        ANALYST_KEY: ANALYST.accessKeyId,
        ANALYST_SECRET: ANALYST.secretAccessKey,
      },
    );
    expect(result.status, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report.problems).to.deep.equal([]);
    expect(report.operations).to.have.length(20);
    expect(report.denied).to.equal(
      `User: arn:aws:iam::${ACCOUNT}:user/analyst is not authorized to perform: glue:GetTable on ` +
        `resource: ${arn('table/sales/t_3')} because no identity-based policy allows the glue:GetTable action`,
    );
    expect(report.explicit_deny).to.contain('with an explicit deny in an identity-based policy');
    expect(report.unsupported).to.contain(
      "Unsupported Expression: the character '+' at position 6",
    );
  });

  it('works from the AWS CLI: a table defined from a JSON file, partitions listed by expression', async () => {
    const aws = (...args: string[]) =>
      run(venvBin('aws'), [...args, '--output', 'json'], awsEnv(ADMIN));
    expect((await aws('glue', 'create-database', '--database-input', 'Name=cli')).status).to.equal(
      0,
    );
    const tableFile = join(home, 'table.json');
    writeFileSync(
      tableFile,
      JSON.stringify({
        Name: 'Events',
        PartitionKeys: [{ Name: 'day', Type: 'date' }],
        StorageDescriptor: {
          Columns: [{ Name: 'id', Type: 'bigint' }],
          Location: 's3://logs/events/',
        },
        Parameters: { classification: 'json' },
      }),
    );
    const created = await aws(
      'glue',
      'create-table',
      '--database-name',
      'cli',
      '--table-input',
      `file://${tableFile}`,
    );
    expect(created.status, created.stderr).to.equal(0);
    const partitions = ['2024-01-30', '2024-01-31', '2024-02-01'].map((day) => ({
      Values: [day],
      StorageDescriptor: { Location: `s3://logs/events/day=${day}/` },
    }));
    const batch = await aws(
      'glue',
      'batch-create-partition',
      '--database-name',
      'cli',
      '--table-name',
      'events',
      '--partition-input-list',
      JSON.stringify(partitions),
    );
    expect(JSON.parse(batch.stdout)).to.deep.equal({ Errors: [] });
    const listed = await aws(
      'glue',
      'get-partitions',
      '--database-name',
      'cli',
      '--table-name',
      'events',
      '--expression',
      "day >= '2024-01-31'",
    );
    const values = (
      JSON.parse(listed.stdout) as { Partitions: { Values: string[] }[] }
    ).Partitions.map((p) => p.Values[0]);
    expect(values).to.deep.equal(['2024-01-31', '2024-02-01']);
    const tables = await aws('glue', 'get-tables', '--database-name', 'CLI');
    expect(
      (JSON.parse(tables.stdout) as { TableList: { Name: string }[] }).TableList.map((t) => t.Name),
    ).to.deep.equal(['events']);
    const missing = await aws('glue', 'get-table', '--database-name', 'cli', '--name', 'nope');
    expect(missing.status).to.not.equal(0);
    expect(missing.stderr).to.contain(
      'An error occurred (EntityNotFoundException) when calling the GetTable operation: Table nope not found.',
    );
    const denied = await run(
      venvBin('aws'),
      ['glue', 'get-tables', '--database-name', 'cli', '--output', 'json'],
      awsEnv(ANALYST),
    );
    expect(denied.stderr).to.contain(
      '(AccessDeniedException) when calling the GetTables operation',
    );
  });
});
