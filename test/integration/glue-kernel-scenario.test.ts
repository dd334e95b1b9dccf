import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

interface Output {
  output_type: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/**
 * The scenario end to end: notebooks/scenario.ipynb through `glue-kernel run --local` (the spawned
 * kernel, its embedded endpoint and the sample accounts), checked on what the user reads.
 */
describe('the scenario notebook through the spawned kernel and the local endpoint', function () {
  this.timeout(300_000);
  let dir: string;
  let transcript = '';
  let exitCode: number | null = null;
  let cells: { source: string | string[]; outputs?: Output[] }[] = [];

  before(async function () {
    skipUnlessAvailable(this, hasVenvBin('python'), 'the test venv (pyspark)');
    dir = mkdtempSync(join(tmpdir(), 'glue-scenario-'));
    const output = join(dir, 'scenario.out.ipynb');
    // As `npm run demo` does: paths relative to the repository, the kernel in notebooks/; the
    // notebook chooses its accounts file itself (%endpoint local --accounts), as in JupyterLab.
    const [command, ...args] = glueKernelCommand(
      'run',
      '--local',
      'notebooks/scenario.ipynb',
      '--output',
      output,
    );
    const child = spawn(command!, args, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        GLUE_KERNEL_STATE_DIR: join(dir, 'state'),
        GLUE_KERNEL_LOCAL_ACCOUNTS: '',
        // The blog's awsglue cell needs a runtime with pyspark: the test venv's.
        GLUE_KERNEL_LOCAL_PYTHON: venvBin('python'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    exitCode = await new Promise((resolve) => child.on('close', resolve));
    cells = (JSON.parse(readFileSync(output, 'utf8')) as { cells: typeof cells }).cells;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every cell with no unexpected error', () => {
    expect(exitCode, transcript).to.equal(0);
  });

  it('assumes the role in account B and names the identity, never the keys', () => {
    expect(transcript).to.include('Role assumed successfully');
    expect(transcript).to.include(
      'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/',
    );
    expect(transcript).to.not.match(/SecretAccessKey|aws_secret_access_key|SessionToken/i);
  });

  it('shows the explicit deny without a VPC, naming the action, identity and fix', () => {
    const denied = cells.flatMap((c) => c.outputs ?? []).find((o) => o.output_type === 'error');
    expect(denied?.ename).to.equal('AccessDeniedException');
    const shown = (denied?.traceback ?? []).join('\n');
    expect(shown).to.include('glue:CreateSession');
    expect(shown).to.include('assumed-role/GlueSessionCreationRole');
    expect(shown).to.include('with an explicit deny in an identity-based policy');
    expect(shown).to.include('%connections');
  });

  it('creates the session inside the VPC once %connections is set, and runs the code', () => {
    expect(transcript).to.include('Connections to be included:\nsession_vpc');
    expect(transcript).to.match(/Session \S+ has been created\./);
    expect(transcript).to.include("{'rows': 5050}");
  });

  it('%status shows the session with its tags, connection and assumed identity', () => {
    expect(transcript).to.match(/Status: READY/);
    expect(transcript).to.include(
      "Tags: {'team': 'analytics', 'billing': 'Data-Platform', 'owner':",
    );
    expect(transcript).to.include('Connections: session_vpc');
    expect(transcript).to.include('Worker Type: G.1X');
    expect(transcript).to.include('Number of Workers: 5');
  });

  it('lists only the sessions tagged team=analytics, then stops the session', () => {
    expect(transcript).to.include('The first 1 session is:');
    expect(transcript).to.match(/Stopping session: \S+/);
    // One message, whether Glue already reports STOPPED or is still STOPPING.
    expect(transcript).to.match(
      /\nStopped session(\.| \(Glue reports it STOPPING and finishes the stop on its own\)\.)\n/,
    );
    expect(transcript).not.to.include('is STOPPING;');
  });
});
