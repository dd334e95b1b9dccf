import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PythonWorker } from '../../../../src/local/python/python-worker.js';
import { WorkerPool, resolvePython } from '../../../../src/local/python/worker-pool.js';
import { awsglueLocalPath, workerScriptPath } from '../../../../src/local/python/worker-script.js';
import { systemClock } from '../../../../src/util/clock.js';
import { waitUntil } from '../../../support/local-wait.js';
import { processRunning } from '../../../support/process-running.js';
import { hasVenvBin, repoRoot, venvBin } from '../../../support/venv.js';

/**
 * SIGINT straight to the process (worker.interrupt() sends nothing while no statement runs),
 * delivered (no longer pending) before the next statement is written.
 */
async function sigintDelivered(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  await waitUntil(
    () => readFile(`/proc/${pid}/status`, 'utf8'),
    (status) => !/^(SigPnd|ShdPnd):\s*[0-9a-f]*[2367abef]$/im.test(status),
    10_000,
    'the SIGINT to be delivered',
  );
}

describe('local endpoint: Python statement worker', () => {
  let pool: WorkerPool;
  let worker: PythonWorker;

  before(async () => {
    pool = new WorkerPool({ timers: systemClock });
    worker = await pool.start();
  });
  after(() => pool.closeAll());

  it('keeps one namespace across statements and shows the last expression like a REPL', async () => {
    expect(await worker.run(0, 'x = 41\ndef inc(v):\n    return v + 1')).to.deep.include({
      status: 'ok',
      output: '',
    });
    expect(await worker.run(1, 'inc(x)')).to.deep.include({ status: 'ok', output: '42\n' });
    expect((await worker.run(2, "'text'")).output).to.equal("'text'\n");
    expect((await worker.run(3, 'None')).output).to.equal('');
  });

  it('captures stdout and stderr in write order, before the last value', async () => {
    const result = await worker.run(
      4,
      "import sys\nprint('out')\nprint('err', file=sys.stderr)\n[1, 2]",
    );
    expect(result).to.deep.include({ status: 'ok', output: 'out\nerr\n[1, 2]\n' });
  });

  it('keeps multi-line output and unicode intact through the JSON framing', async () => {
    const result = await worker.run(5, "print('a\\nb\\n{\"k\": 1}')\nprint('é ✓')");
    expect(result.output).to.equal('a\nb\n{"k": 1}\né ✓\n');
  });

  it('reports an exception as ErrorName/ErrorValue/Traceback without the worker frames', async () => {
    const result = await worker.run(
      6,
      "def boom():\n    raise ValueError('bad value')\nprint('before')\nboom()",
    );
    expect(result.status).to.equal('error');
    expect(result.errorName).to.equal('ValueError');
    expect(result.errorValue).to.equal('bad value');
    expect(result.output).to.equal('before\n');
    const traceback = (result.traceback ?? []).join('');
    expect(traceback).to.contain('Traceback (most recent call last)');
    expect(traceback).to.contain("raise ValueError('bad value')");
    expect(traceback).to.contain('in boom');
    expect(traceback).not.to.contain('session_worker.py');
  });

  it('reports a syntax error with the caret display', async () => {
    const result = await worker.run(7, 'def f(:');
    expect(result.errorName).to.equal('SyntaxError');
    expect((result.traceback ?? []).join('')).to.contain('^');
    expect((await worker.run(8, 'x')).output).to.equal('41\n');
  });

  it('interrupts a running statement with SIGINT and stays usable', async () => {
    // Interrupted at once: the worker holds the signal until the statement has begun.
    const running = worker.run(9, 'import time\nprint("sleeping")\ntime.sleep(30)');
    worker.interrupt();
    const result = await running;
    expect(result.errorName).to.equal('KeyboardInterrupt');
    expect((await worker.run(10, 'x + 1')).output).to.equal('42\n');
  });

  it('ignores a SIGINT that reaches the worker between statements', async () => {
    await sigintDelivered(worker.pid!);
    expect((await worker.run(11, '1 + 1')).output).to.equal('2\n');
    expect(worker.alive).to.equal(true);
  });

  it('kills a statement that ignores the interrupt, with every process it started', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glue-worker-ignores-sigint-'));
    const pidFile = join(dir, 'pids.json');
    // A short grace period, so the test does not wait the default's seconds.
    const own = new WorkerPool({ timers: systemClock, interruptGraceMs: 500 });
    try {
      const stubborn = await own.start();
      const exits: [string, boolean][] = [];
      stubborn.onExit((reason, ignoredInterrupt) => exits.push([reason, ignoredInterrupt]));
      const running = stubborn
        .run(
          0,
          [
            'import json, os, signal, subprocess',
            'signal.signal(signal.SIGINT, signal.SIG_IGN)',
            "detached = subprocess.Popen(['sleep', '300'], start_new_session=True)",
            "grouped = subprocess.Popen(['sleep', '300'])",
            `with open(${JSON.stringify(pidFile)}, 'w') as f:`,
            '    json.dump([os.getpid(), detached.pid, grouped.pid], f)',
            'while True:',
            '    pass',
          ].join('\n'),
        )
        .then(
          (result) => result,
          (err: Error) => err,
        );
      const written = await waitUntil(
        () => readFile(pidFile, 'utf8').catch(() => ''),
        (text) => text.endsWith(']'),
        30_000,
        'the statement to write its pids',
      );
      const pids = JSON.parse(written) as number[];
      expect(pids.every(processRunning)).to.equal(true);
      stubborn.interrupt();
      const ended = await running;
      expect(ended).to.be.instanceOf(Error);
      expect((ended as Error).message).to.contain('ignored the interrupt');
      expect(stubborn.alive).to.equal(false);
      expect(exits).to.have.length(1);
      expect(exits[0]![1]).to.equal(true);
      await waitUntil(
        async () => pids.filter(processRunning),
        (left) => left.length === 0,
        15_000,
        'the worker and its children to end',
      );
    } finally {
      await own.closeAll();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('still ignores a SIGINT between statements once Spark runs (PySpark installs its own handler)', async function () {
    this.timeout(120_000);
    if (!hasVenvBin('python')) this.skip();
    const sparkPool = new WorkerPool({ python: venvBin('python'), timers: systemClock });
    try {
      const spark = await sparkPool.start();
      if (!spark.hasPyspark) this.skip();
      const counted = await spark.run(0, 'spark.range(3).count()');
      expect(counted.output, counted.errorValue).to.equal('3\n');
      await sigintDelivered(spark.pid!);
      expect((await spark.run(1, '1 + 1')).output).to.equal('2\n');
      expect(spark.alive).to.equal(true);
    } finally {
      await sparkPool.closeAll();
    }
  });

  it('survives SystemExit in user code', async () => {
    const result = await worker.run(12, 'raise SystemExit(3)');
    expect(result.errorName).to.equal('SystemExit');
    expect((await worker.run(13, '2 + 2')).output).to.equal('4\n');
  });

  it('input() and sys.stdin reads fail at once; a child process reads end-of-file, not the protocol', async () => {
    for (const [id, code] of [
      [20, 'input("name? ")'],
      [21, 'import sys\nsys.stdin.read()'],
      [22, 'import sys\nsys.stdin.readline()'],
    ] as const) {
      const result = await worker.run(id, code);
      expect(result.status, code).to.equal('error');
      expect(result.errorName, code).to.equal('StdinNotImplementedError');
      expect(result.errorValue).to.contain('input() is not available in a Glue session');
    }
    const child = await worker.run(
      23,
      "import subprocess\nsubprocess.run(['cat'], capture_output=True, timeout=30).stdout",
    );
    expect(child).to.deep.include({ status: 'ok', output: "b''\n" });
    expect((await worker.run(24, '1 + 1')).output).to.equal('2\n');
  });

  it('killing a worker also ends a process it started in a new session', async () => {
    const own = await pool.start();
    const started = await own.run(
      0,
      "import subprocess\nsubprocess.Popen(['sleep', '300'], start_new_session=True).pid",
    );
    const pid = Number(started.output.trim());
    expect(processRunning(pid), started.output).to.equal(true);
    await own.kill();
    await waitUntil(
      async () => processRunning(pid),
      (running) => !running,
      15_000,
      'the detached child to end',
    );
  });

  it("takes sys.argv from the session's arguments and imports --extra-py-files, local and s3://", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glue-worker-settings-'));
    const s3Root = join(dir, 's3');
    await mkdir(join(s3Root, 'libs', 'py'), { recursive: true });
    await writeFile(join(s3Root, 'libs', 'py', 'from_s3.py'), 'WHERE = "s3"\n');
    await writeFile(join(dir, 'from_disk.py'), 'WHERE = "disk"\n');
    const settingsPool = new WorkerPool({
      timers: systemClock,
      env: {
        GLUE_KERNEL_S3_ROOT: s3Root,
        GLUE_KERNEL_SESSION_ARGV: JSON.stringify([
          'glue-session',
          '--JOB_NAME',
          'nightly',
          '--extra-py-files',
          `s3://libs/py/from_s3.py,${join(dir, 'from_disk.py')}`,
        ]),
      },
    });
    try {
      const own = await settingsPool.start();
      const result = await own.run(
        0,
        'import sys, from_s3, from_disk\nprint(sys.argv[1:3])\n(from_s3.WHERE, from_disk.WHERE)',
      );
      expect(result).to.deep.include({
        status: 'ok',
        output: "['--JOB_NAME', 'nightly']\n('s3', 'disk')\n",
      });
    } finally {
      await settingsPool.closeAll();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pip-installs --additional-python-modules once and reuses the install in the next session', async function () {
    this.timeout(120_000);
    const dir = await mkdtemp(join(tmpdir(), 'glue-worker-modules-'));
    const wheel = join(dir, 'glue_local_probe-1.0-py3-none-any.whl');
    // A minimal wheel, so the test needs no network.
    const built = await worker.run(
      40,
      [
        'import zipfile',
        `with zipfile.ZipFile(${JSON.stringify(wheel)}, 'w') as z:`,
        "    z.writestr('glue_local_probe.py', 'ANSWER = 42\\n')",
        "    d = 'glue_local_probe-1.0.dist-info/'",
        "    z.writestr(d + 'METADATA', 'Metadata-Version: 2.1\\nName: glue-local-probe\\nVersion: 1.0\\n')",
        "    z.writestr(d + 'WHEEL', 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')",
        "    z.writestr(d + 'RECORD', '')",
      ].join('\n'),
    );
    expect(built.status, built.errorValue).to.equal('ok');
    const modulesPool = new WorkerPool({
      timers: systemClock,
      startupTimeoutMs: 100_000,
      env: {
        GLUE_KERNEL_CACHE_DIR: join(dir, 'cache'),
        GLUE_KERNEL_SESSION_ARGV: JSON.stringify([
          'glue-session',
          '--additional-python-modules',
          wheel,
        ]),
      },
    });
    try {
      const first = await modulesPool.start();
      expect(
        (await first.run(0, 'import glue_local_probe\nglue_local_probe.ANSWER')).output,
      ).to.equal('42\n');
      await rm(wheel); // the next session must not need it: it reuses the cached install
      const second = await modulesPool.start();
      expect(
        (await second.run(0, 'import glue_local_probe\nglue_local_probe.ANSWER')).output,
      ).to.equal('42\n');
    } finally {
      await modulesPool.closeAll();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without pyspark, awsglue and spark fail with one line saying what is missing', async function () {
    const probe = await worker.run(
      30,
      "import importlib.util\nimportlib.util.find_spec('pyspark') is None",
    );
    if (probe.output.trim() !== 'True') this.skip(); // this interpreter has pyspark
    const imported = await worker.run(31, 'from awsglue.context import GlueContext');
    expect(imported.errorName).to.equal('ModuleNotFoundError');
    expect(imported.errorValue).to.match(
      /has no pyspark, so awsglue, spark, sc and %%sql are not available/,
    );
    const sql = await worker.run(32, "spark.sql('SELECT 1').show()");
    expect(sql.errorName).to.equal('SparkRuntimeMissingError');
    expect(sql.errorValue).to.contain('GLUE_KERNEL_LOCAL_PYTHON');
  });

  it('renders a trailing %matplot VAR as a base64 image/png result', async () => {
    const code = [
      'class Figure:',
      '    def savefig(self, buffer, format):',
      '        buffer.write(b"\\x89PNG-bytes")',
      'fig = Figure()',
      "print('drawn')",
      '%matplot fig',
    ].join('\n');
    const result = await worker.run(14, code);
    expect(result).to.deep.include({ status: 'ok', output: 'drawn\n', mimeType: 'image/png' });
    expect(Buffer.from(result.mimeResult ?? '', 'base64').toString('latin1')).to.equal(
      '\x89PNG-bytes',
    );
  });

  it('fails to start with a clear reason when the interpreter does not exist', async () => {
    const broken = new WorkerPool({ python: '/nonexistent/python3', timers: systemClock });
    let message = '';
    try {
      await broken.start();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.contain("could not start the Python interpreter '/nonexistent/python3'");
    await broken.closeAll();
  });

  it('picks the interpreter from the option, then GLUE_KERNEL_LOCAL_PYTHON, then python3', () => {
    expect(resolvePython('/opt/py', { GLUE_KERNEL_LOCAL_PYTHON: '/env/py' })).to.equal('/opt/py');
    expect(resolvePython(undefined, { GLUE_KERNEL_LOCAL_PYTHON: '/env/py' })).to.equal('/env/py');
    expect(resolvePython(undefined, {})).to.equal('python3');
  });

  it('finds session_worker.py from the module location', () => {
    expect(workerScriptPath()).to.match(/src\/local\/python\/session_worker\.py$/);
  });

  it('finds session_worker.py beside the built module that starts workers, as the build copies it', () => {
    for (const dir of [join('dist', 'local', 'python'), join('dist', 'bundle')]) {
      const moduleUrl = pathToFileURL(join(repoRoot, dir, 'worker-script.js')).href;
      expect(workerScriptPath(moduleUrl)).to.equal(join(repoRoot, dir, 'session_worker.py'));
    }
  });

  it('finds our awsglue from the source tree, tsc output and the bundle alike', () => {
    const expected = join(repoRoot, 'python', 'awsglue_local');
    for (const dir of [
      join('src', 'local', 'python'),
      join('dist', 'local', 'python'),
      join('dist', 'bundle'),
    ]) {
      const moduleUrl = pathToFileURL(join(repoRoot, dir, 'worker-script.js')).href;
      expect(awsglueLocalPath(moduleUrl)).to.equal(expected);
    }
  });

  it('kills its workers on close', async () => {
    const own = new WorkerPool({ timers: systemClock });
    const w = await own.start();
    await own.closeAll();
    expect(w.alive).to.equal(false);
    let message = '';
    try {
      await w.run(0, '1');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.contain('exited');
  });

  it('kills a worker that is still starting when the pool closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slow-python-'));
    const pidFile = join(dir, 'pid');
    // An interpreter that takes its time to come up, like a version-manager shim.
    const slowPython = join(dir, 'python3');
    await writeFile(slowPython, `#!/bin/sh\necho $$ > ${pidFile}\nsleep 60\nexec python3 "$@"\n`, {
      mode: 0o755,
    });
    const own = new WorkerPool({ python: slowPython, timers: systemClock });
    try {
      const starting = own.start().catch((err: Error) => err);
      const pid = Number(
        await waitUntil(
          () => readFile(pidFile, 'utf8').catch(() => ''),
          (text) => text.trim() !== '',
          10_000,
          'the interpreter to be spawned',
        ),
      );
      expect(own.size).to.equal(1);
      await own.closeAll();
      expect(() => process.kill(pid, 0)).to.throw(/ESRCH/);
      expect(((await starting) as Error).message).to.match(
        /exited \(signal SIGKILL\)|shutting down/,
      );
      expect(own.size).to.equal(0);
    } finally {
      await own.closeAll();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
