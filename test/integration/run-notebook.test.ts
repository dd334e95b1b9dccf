import { skipUnlessAvailable } from '../support/venv.js';
import { expect } from 'chai';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, echoKernelArgv, glueKernelCommand } from '../support/kernel-argv.js';
import { waitUntil } from '../support/local-wait.js';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function glueKernel(...args: string[]): Promise<Result> {
  const [node, ...rest] = glueKernelCommand(...args);
  return new Promise((resolve) => {
    execFile(node!, rest, { cwd: REPO_ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The pids whose parent is `pid` and whose command line includes `marker` (Linux /proc). */
async function childPids(pid: number, marker: string): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "PID (COMM) STATE PPID ..." where COMM may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== pid) continue;
    // tsx's esbuild service is a child too; only the kernel counts.
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) children.push(Number(entry));
  }
  return children;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const code = (source: string, tags: string[] = []) => ({
  cell_type: 'code',
  source: source.split(/(?<=\n)/),
  metadata: tags.length > 0 ? { tags } : {},
  execution_count: null,
  outputs: [],
});

function notebook(...cells: object[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'glue_kernel_pyspark_local',
        display_name: 'Glue PySpark (local)',
        language: 'python',
      },
    },
    cells: [{ cell_type: 'markdown', source: '# title', metadata: {} }, ...cells],
  };
}

describe('glue-kernel run (echo kernel)', function () {
  this.timeout(60_000);
  let dir: string;
  const kernelArgv = JSON.stringify(echoKernelArgv());

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'glue-run-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(nb: object, ...flags: string[]) {
    const input = join(dir, 'in.ipynb');
    const output = join(dir, 'out.ipynb');
    await writeFile(input, JSON.stringify(nb));
    const result = await glueKernel(
      'run',
      input,
      '--output',
      output,
      '--kernel-argv',
      kernelArgv,
      ...flags,
    );
    const written = JSON.parse(await readFile(output, 'utf8').catch(() => 'null')) as ReturnType<
      typeof notebook
    > | null;
    return { ...result, written };
  }

  it('executes every cell, honours raises-exception, writes nbclient-style outputs, exits 0', async () => {
    const {
      code: exit,
      stdout,
      written,
    } = await run(
      notebook(
        code('print hello\nprint world\neprint warn\ndisplay bar 0%'),
        code('fail ValueError expected failure', ['raises-exception']),
        code('update bar 100%\nvalue'),
        code('print gone\nclear\nprint kept'),
      ),
    );
    expect(exit, stdout).to.equal(0);
    const cells = written!.cells as { execution_count?: number; outputs?: unknown[] }[];
    expect(cells[0]).to.deep.equal({ cell_type: 'markdown', source: '# title', metadata: {} });
    expect(cells.slice(1).map((c) => c.execution_count)).to.deep.equal([1, 2, 3, 4]);
    expect(cells[1]!.outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'hello\nworld\n' },
      { output_type: 'stream', name: 'stderr', text: 'warn\n' },
      // updated in place by cell 3
      { output_type: 'display_data', data: { 'text/plain': '100%' }, metadata: {} },
    ]);
    expect(cells[2]!.outputs).to.deep.equal([
      {
        output_type: 'error',
        ename: 'ValueError',
        evalue: 'expected failure',
        traceback: ['fail ValueError expected failure'],
      },
    ]);
    expect(cells[3]!.outputs).to.deep.equal([
      {
        output_type: 'execute_result',
        execution_count: 3,
        data: { 'text/plain': 'value' },
        metadata: {},
      },
    ]);
    expect(cells[4]!.outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'kept\n' },
    ]);
    expect(stdout).to.include('── cell 1 ──\n  > print hello\n');
    expect(stdout).to.include('ValueError: expected failure');
    expect(stdout).to.include('Out[3]: value');
    expect(stdout).to.match(/OK: 4 cell\(s\) executed, 0 unexpected error/);
  });

  it('stops at an untagged error and exits non-zero, still writing the notebook', async () => {
    const {
      code: exit,
      stdout,
      written,
    } = await run(notebook(code('print one'), code('fail KeyError nope'), code('print never')));
    expect(exit).to.equal(1);
    expect(stdout).to.include('Stopped at cell 2: KeyError: nope');
    const cells = written!.cells as { execution_count?: number | null; outputs?: unknown[] }[];
    expect(cells[2]!.outputs).to.deep.equal([
      {
        output_type: 'error',
        ename: 'KeyError',
        evalue: 'nope',
        traceback: ['fail KeyError nope'],
      },
    ]);
    expect(cells[3]!.execution_count).to.equal(null);
    expect(cells[3]!.outputs).to.deep.equal([]);
  });

  it('with --allow-errors runs every cell but still exits non-zero', async () => {
    const { code: exit, written } = await run(
      notebook(code('fail E x'), code('print after')),
      '--allow-errors',
    );
    expect(exit).to.equal(1);
    const cells = written!.cells as { outputs?: unknown[] }[];
    expect(cells[2]!.outputs).to.deep.equal([
      { output_type: 'stream', name: 'stdout', text: 'after\n' },
    ]);
  });

  it('times a cell out, interrupts it and exits non-zero', async () => {
    const { code: exit, stdout } = await run(
      notebook(code('sleep 30000'), code('print never')),
      '--timeout',
      '0.5',
    );
    expect(exit).to.equal(1);
    expect(stdout).to.include('Cell 1 timed out after 0.5 s');
  });

  for (const [signal, exitCode] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`on ${signal} shuts the kernel down, writes the notebook and exits ${exitCode}`, async () => {
      const input = join(dir, 'in.ipynb');
      const output = join(dir, 'out.ipynb');
      await writeFile(
        input,
        JSON.stringify(notebook(code('print first'), code('sleep 60000'), code('print never'))),
      );
      const [node, ...args] = glueKernelCommand(
        'run',
        input,
        '--output',
        output,
        '--kernel-argv',
        kernelArgv,
      );
      const runner = spawn(node!, args, {
        cwd: REPO_ROOT,
        env: { ...process.env, GLUE_KERNEL_STATE_DIR: join(dir, 'state') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      runner.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const exited = new Promise<number | null>((resolve) => runner.once('exit', resolve));
      let kernelPid: number | undefined;
      try {
        // Cell 2's header is printed as it is sent: the kernel is up and busy sleeping.
        await waitUntil(
          async () => stdout,
          (text) => text.includes('── cell 2 ──'),
          30_000,
          'cell 2 to start',
        );
        [kernelPid] = await childPids(runner.pid!, 'kernel-entry');
        expect(kernelPid, 'the kernel child of the runner').to.be.a('number');
        runner.kill(signal);
        expect(await exited).to.equal(exitCode);
      } finally {
        runner.kill('SIGKILL');
        if (kernelPid !== undefined && isRunning(kernelPid)) process.kill(kernelPid, 'SIGKILL');
      }
      // The runner waited for the kernel's exit: nothing is left re-parented to PID 1.
      expect(isRunning(kernelPid!), `kernel ${kernelPid} still running`).to.equal(false);
      expect(stdout).to.include(`${signal}: shutting the kernel down.`);
      // Cell 2 counts when its (interrupted) reply beats the kernel's exit.
      expect(stdout).to.match(
        new RegExp(`STOPPED by ${signal}: [12] cell\\(s\\) executed; wrote `),
      );
      expect(stdout).not.to.include('── cell 3 ──');
      const written = JSON.parse(await readFile(output, 'utf8')) as {
        cells: { outputs?: unknown[] }[];
      };
      expect(written.cells[1]!.outputs).to.deep.equal([
        { output_type: 'stream', name: 'stdout', text: 'first\n' },
      ]);
    });
  }

  it('names a command spelled like an object member as unknown, with the usage', async () => {
    const result = await glueKernel('toString');
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('Unknown command "toString"');
    expect(result.stderr).to.include('Usage: glue-kernel <command>');
  });

  it('rejects a bad flag with the usage text and exit code 2', async () => {
    const result = await glueKernel('run', 'x.ipynb', '--frobnicate');
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("Unknown option '--frobnicate'\n");
    expect(result.stderr).to.include('Usage: glue-kernel run NOTEBOOK.ipynb');
  });

  it('suggests the option a mistyped flag was meant to be', async () => {
    const result = await glueKernel('run', '--loca', 'x.ipynb');
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("Unknown option '--loca'; did you mean --local?");
  });

  it('names an accounts file that does not exist, and starts nothing', async () => {
    const result = await glueKernel('run', 'x.ipynb', '--accounts', 'nosuch.json');
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(
      `--accounts nosuch.json: no such accounts file (looked for ${join(REPO_ROOT, 'nosuch.json')}).`,
    );
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await glueKernel('--version');
    expect(result).to.deep.include({ code: 0, stdout: `glue-kernel ${version}\n` });
  });

  it('names a notebook whose kernelspec is not a Glue kernel', async () => {
    const input = join(dir, 'py.ipynb');
    await writeFile(
      input,
      JSON.stringify({ ...notebook(), metadata: { kernelspec: { name: 'python3' } } }),
    );
    const result = await glueKernel('run', input);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('"python3"');
    expect(result.stderr).to.include('--kind');
  });
});

describe('glue-kernel run (local kind) on SIGTERM', function () {
  this.timeout(90_000);
  let dir: string;

  before(function () {
    // The local kind runs session statements in python3 (or GLUE_KERNEL_LOCAL_PYTHON).
    const python = process.env['GLUE_KERNEL_LOCAL_PYTHON'] || 'python3';
    skipUnlessAvailable(this, spawnSync(python, ['--version']).status === 0, python);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'glue-run-local-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the session worker running a statement and the kernel before exiting 143', async () => {
    const input = join(dir, 'in.ipynb');
    const output = join(dir, 'out.ipynb');
    const marker = join(dir, 'statement-started');
    const statement = `import time\nopen(${JSON.stringify(marker)}, 'w').close()\ntime.sleep(120)`;
    await writeFile(input, JSON.stringify(notebook(code(statement))));
    const [node, ...args] = glueKernelCommand('run', input, '--output', output);
    const runner = spawn(node!, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    runner.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => runner.once('exit', resolve));
    const started: number[] = [];
    try {
      const [kernelPid] = await waitUntil(
        () => childPids(runner.pid!, 'kernel'),
        (pids) => pids.length > 0,
        30_000,
        'the local kernel',
      );
      started.push(kernelPid!);
      // The statement runs in the session's Python worker, a child of the kernel.
      await waitUntil(
        () =>
          readFile(marker).then(
            () => true,
            () => false,
          ),
        (seen) => seen,
        60_000,
        'the statement to start',
      );
      const workers = await childPids(kernelPid!, 'session_worker');
      expect(workers, 'session workers of the kernel').not.to.deep.equal([]);
      started.push(...workers);
      runner.kill('SIGTERM');
      expect(await exited).to.equal(143);
    } finally {
      runner.kill('SIGKILL');
      for (const pid of started) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    for (const pid of started)
      expect(isRunning(pid), `process ${pid} still running`).to.equal(false);
    expect(stdout).to.include('STOPPED by SIGTERM');
  });
});
