import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

const ACCOUNT = '123456789012';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const KEY = { id: 'AKIARESTARTDEVSAMPLE', secret: 'restart-developer-sample-secret' };

/** A developer who may run sessions as GlueReader (glue:*, s3:*) or GlueNoGetTable (the same,
 * with glue:GetTable denied). */
const ACCOUNTS = {
  policies: {
    GlueAndS3: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['glue:*', 's3:*'], Resource: '*' }],
    },
    NoGetTable: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'glue:GetTable', Resource: '*' }],
    },
  },
  accounts: [
    {
      id: ACCOUNT,
      users: [
        {
          name: 'developer',
          accessKeys: [{ accessKeyId: KEY.id, secretAccessKey: KEY.secret }],
          policies: [
            'GlueAndS3',
            {
              name: 'PassRoles',
              document: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 'sts:*'], Resource: '*' }],
              },
            },
          ],
        },
      ],
      roles: ['GlueReader', 'GlueNoGetTable'].map((name) => ({
        name,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'glue.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        policies: name === 'GlueReader' ? ['GlueAndS3'] : ['GlueAndS3', 'NoGetTable'],
      })),
    },
  ],
};

/** The catalog reads, as a user writes them (the same cells for every role). */
const READ_CELLS = [
  'print("from_catalog rows:", glueContext.create_dynamic_frame.from_catalog(database="sales", table_name="orders").count())',
  'spark.sql("SELECT day, count(*) AS n FROM sales.orders GROUP BY day ORDER BY day").show()',
];
const GLUE_CONTEXT = [
  'import sys',
  'from awsglue.context import GlueContext',
  'from awsglue.job import Job',
  'from awsglue.utils import getResolvedOptions',
  'from pyspark.context import SparkContext',
  'glueContext = GlueContext(SparkContext.getOrCreate())',
  'spark = glueContext.spark_session',
].join('\n');
/** A bookmarked job: the landed orders not read before, appended to the catalog table sales.orders. */
const JOB_NOTEBOOK = [
  '%%configure\n{"--JOB_NAME": "orders_restart", "--job-bookmark-option": "job-bookmark-enable"}',
  [
    GLUE_CONTEXT,
    'args = getResolvedOptions(sys.argv, ["JOB_NAME"])',
    'job = Job(glueContext)',
    'job.init(args["JOB_NAME"], args)',
    'orders = glueContext.create_dynamic_frame.from_options(connection_type="s3",',
    '    connection_options={"paths": ["s3://landing/orders/"]}, format="csv",',
    '    format_options={"withHeader": True}, transformation_ctx="orders_source")',
    'print("orders read:", orders.count())',
    'spark.sql("CREATE DATABASE IF NOT EXISTS sales")',
    'orders.toDF().write.mode("append").partitionBy("day").format("parquet") \\',
    '    .option("path", "s3://lake/orders/").saveAsTable("sales.orders")',
    'job.commit()',
  ].join('\n'),
  ...READ_CELLS,
  '%list_sessions',
];

interface Output {
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface Run {
  exitCode: number | null;
  transcript: string;
  /** What each cell shows, as text (errors as "ename: evalue"). */
  cells: string[];
}

/**
 * The endpoint (`glue-kernel local --state-dir D`) stopped with SIGTERM and started again on D
 * between two runs of a bookmarked Glue job notebook (docs/local-state.md): the catalog table and
 * its partitions, the job bookmark and the first run's session record are still there. Then the
 * same catalog reads as a role refused glue:GetTable fail as on Glue (docs/local-catalog.md, "IAM").
 * Each run is one session, so one Spark start; the endpoint keeps no standby.
 */
describe('a Glue job notebook across a restart of glue-kernel local', function () {
  this.timeout(900_000);
  let dir: string;
  let endpoint: ChildProcess | undefined;
  let env: Record<string, string | undefined>;
  const runs: Record<string, Run> = {};
  const afterRestart: Record<string, string> = {};
  let firstSessions: string[] = [];

  const aws = (...args: string[]) =>
    execFileSync(venvBin('aws'), args, { env, encoding: 'utf8' }).trim();

  async function startEndpoint(): Promise<void> {
    const [node, ...args] = glueKernelCommand(
      'local',
      '--port',
      '0',
      '--state-dir',
      join(dir, 'state'),
      '--accounts',
      join(dir, 'accounts.json'),
      '--python',
      venvBin('python'),
      '--provisioning-delay',
      '0',
      '--no-standby',
    );
    const child = spawn(node!, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    endpoint = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`endpoint exited (${code}): ${output}`)));
    });
    const url = /export AWS_ENDPOINT_URL_GLUE=(\S+)/.exec(output)![1]!;
    env = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      AWS_ENDPOINT_URL: url,
      AWS_ENDPOINT_URL_GLUE: url,
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_S3: url,
      AWS_ACCESS_KEY_ID: KEY.id,
      AWS_SECRET_ACCESS_KEY: KEY.secret,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  async function stopEndpoint(): Promise<void> {
    const child = endpoint;
    endpoint = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async function runNotebook(name: string, sessionRole: string, sources: string[]) {
    const notebook = join(dir, `${name}.ipynb`);
    const output = join(dir, `${name}.out.ipynb`);
    writeFileSync(
      notebook,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: 'glue_pyspark', display_name: 'Glue PySpark' } },
        cells: sources.map((source) => ({ cell_type: 'code', metadata: {}, source, outputs: [] })),
      }),
    );
    const [node, ...args] = glueKernelCommand(
      'run',
      notebook,
      '--kind',
      'pyspark',
      '--output',
      output,
      '--allow-errors',
      '--timeout',
      '300',
    );
    const child = spawn(node!, args, {
      cwd: REPO_ROOT,
      env: { ...env, glue_role_arn: role(sessionRole) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let transcript = '';
    child.stdout.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const cells = (JSON.parse(readFileSync(output, 'utf8')) as { cells: { outputs?: Output[] }[] })
      .cells;
    const text = (value: string | string[] | undefined) =>
      Array.isArray(value) ? value.join('') : (value ?? '');
    runs[name] = {
      exitCode,
      transcript,
      cells: cells.map((cell) =>
        (cell.outputs ?? [])
          .map((o) =>
            o.ename ? `${o.ename}: ${o.evalue}` : text(o.text) + text(o.data?.['text/plain']),
          )
          .join(''),
      ),
    };
  }

  before(async function () {
    skipUnlessAvailable(
      this,
      hasVenvBin('aws') && hasVenvBin('python'),
      'the test venv (aws, pyspark)',
    );
    dir = mkdtempSync(join(tmpdir(), 'glue-local-restart-notebook-'));
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify(ACCOUNTS));
    const land = (name: string, rows: string) => {
      writeFileSync(join(dir, name), `order_id,amount,day\n${rows}`);
      aws('s3', 'cp', join(dir, name), `s3://landing/orders/${name}`, '--quiet');
    };

    await startEndpoint();
    land('2024-01-01.csv', '1,10.5,d1\n2,20.0,d1\n3,7.25,d2\n');
    await runNotebook('first', 'GlueReader', JOB_NOTEBOOK);
    firstSessions = JSON.parse(aws('glue', 'list-sessions', '--query', 'Ids')) as string[];
    await stopEndpoint();

    await startEndpoint();
    afterRestart['tables'] = aws(
      'glue',
      'get-tables',
      '--database-name',
      'sales',
      '--query',
      'TableList[].Name',
      '--output',
      'text',
    );
    afterRestart['partitions'] = aws(
      'glue',
      'get-partitions',
      '--database-name',
      'sales',
      '--table-name',
      'orders',
      '--query',
      'sort(Partitions[].Values[])',
      '--output',
      'text',
    );
    afterRestart['sessions'] = aws('glue', 'list-sessions', '--query', 'Ids', '--output', 'text');
    land('2024-01-02.csv', '4,5.0,d3\n5,1.0,d3\n');
    await runNotebook('second', 'GlueReader', JOB_NOTEBOOK);
    await runNotebook('refused', 'GlueNoGetTable', [GLUE_CONTEXT, ...READ_CELLS]);
  });
  after(async () => {
    await stopEndpoint();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the job notebook with no error, before and after the restart', () => {
    for (const name of ['first', 'second'])
      expect(runs[name]!.exitCode, runs[name]!.transcript).to.equal(0);
    expect(runs['first']!.cells[1]).to.contain('orders read: 3');
    expect(runs['first']!.cells[2]).to.contain('from_catalog rows: 3');
  });

  it('keeps the catalog table and the partitions the first run wrote', () => {
    expect(afterRestart['tables']).to.equal('orders');
    expect(afterRestart['partitions']!.split(/\s+/)).to.deep.equal(['d1', 'd2']);
  });

  it('keeps the job bookmark: the second run reads only the newly landed file', () => {
    const [, job, fromCatalog, sql] = runs['second']!.cells;
    expect(job).to.contain('orders read: 2');
    expect(fromCatalog).to.contain('from_catalog rows: 5');
    expect(sql).to.match(/\|\s*d1\|\s*2\|[^]*\|\s*d2\|\s*1\|[^]*\|\s*d3\|\s*2\|/);
  });

  it("keeps the first run's session records: ListSessions and %list_sessions show them", () => {
    expect(firstSessions).to.have.length(1);
    expect(afterRestart['sessions']).to.contain(firstSessions[0]);
    expect(runs['second']!.cells[4]).to.contain(firstSessions[0]);
  });

  it('refuses a role without glue:GetTable the table, through awsglue and through Spark SQL', () => {
    const [, fromCatalog, sql] = runs['refused']!.cells;
    for (const shown of [fromCatalog, sql]) {
      expect(shown).to.contain('AccessDeniedException');
      expect(shown).to.match(
        /assumed-role\/GlueNoGetTable\/GlueJobRunnerSession is not authorized to perform: glue:GetTable on resource: arn:aws:glue:us-east-1:123456789012:/,
      );
    }
  });
});
