import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';
import { hasVenvBin, skipUnlessAvailable, venvBin, venvDir } from '../support/venv.js';

interface Output {
  output_type: string;
  text?: string | string[];
  ename?: string;
  data?: Record<string, string | string[]>;
}

/** Everything a user reads in one notebook output, as text. */
function textOf(output: Output): string {
  const join = (value: string | string[] | undefined): string =>
    Array.isArray(value) ? value.join('') : (value ?? '');
  return join(output.text) + join(output.data?.['text/plain']);
}

/**
 * notebooks/glue-etl.ipynb through `glue-kernel run --local`, as `npm run demo` runs it: awsglue
 * on PySpark in the local session, s3:// paths in a bucket mapped to notebooks/data, the Data
 * Catalog through the AWS CLI, Spark SQL over catalog tables, and a bookmarked second run. The
 * notebook is run twice on one state directory, with the endpoint stopped in between, so the
 * catalog, bookmarks and session records must survive the restart.
 */
describe('the Glue ETL notebook through the spawned local kernel', function () {
  this.timeout(600_000);
  let dir: string;
  const runs: { exitCode: number | null; transcript: string; outputs: string[] }[] = [];

  async function runNotebook(stateDir: string, output: string): Promise<void> {
    const [command, ...args] = glueKernelCommand(
      'run',
      '--local',
      'notebooks/glue-etl.ipynb',
      '--output',
      output,
      '--timeout',
      '300',
    );
    let transcript = '';
    const child = spawn(command!, args, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        GLUE_KERNEL_STATE_DIR: stateDir,
        GLUE_KERNEL_LOCAL_ACCOUNTS: '', // the notebook names its own accounts file
        GLUE_KERNEL_LOCAL_PYTHON: venvBin('python'),
        // `!aws ...` cells use the AWS CLI of the test venv.
        PATH: `${join(venvDir, 'bin')}${delimiter}${process.env['PATH'] ?? ''}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const cells = (JSON.parse(readFileSync(output, 'utf8')) as { cells: { outputs?: Output[] }[] })
      .cells;
    runs.push({
      exitCode,
      transcript,
      outputs: cells.map((c) => (c.outputs ?? []).map(textOf).join('')),
    });
  }

  before(async function () {
    skipUnlessAvailable(
      this,
      hasVenvBin('aws') && hasVenvBin('python'),
      'the test venv (aws, pyspark)',
    );
    dir = mkdtempSync(join(tmpdir(), 'glue-etl-'));
    await runNotebook(join(dir, 'state'), join(dir, 'first.ipynb'));
    await runNotebook(join(dir, 'state'), join(dir, 'second.ipynb'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every cell with no error, twice on one state directory', () => {
    for (const run of runs) expect(run.exitCode, run.transcript).to.equal(0);
  });

  it('reads the landed CSV through awsglue and maps, filters and joins it', () => {
    const { transcript } = runs[0]!;
    expect(transcript).to.include('orders read: 6');
    expect(transcript).to.match(/\|\s*1001\|\s*c-01\|\s*120\.5\|/);
    expect(transcript).to.not.match(/\|\s*1003\|/); // cancelled, filtered out
  });

  it('shows the choice type of the raw JSON and the relationalized tables', () => {
    const { transcript } = runs[0]!;
    expect(transcript).to.match(/zip: choice/);
    expect(transcript).to.include("['customers', 'customers_phones']");
  });

  it('answers %%sql over the partitioned Parquet written to s3://lake', () => {
    const { transcript } = runs[0]!;
    expect(transcript).to.match(/\|\s*US\s*\|\s*3\s*\|/);
  });

  it('reads the catalog table defined by aws glue create-table, and lists the partitions the notebook wrote', () => {
    const { transcript } = runs[0]!;
    expect(transcript).to.include('customers in the catalog table: 5');
    expect(transcript).to.match(/Ben Carter\s*\|\s*Austin/);
    expect(transcript).to.match(/BR\s+FR\s+US/);
  });

  it('reads only the new file on the bookmarked second run, in both runs', () => {
    for (const run of runs) expect(run.transcript).to.include('new orders read: 3');
  });
});
