import { expect } from 'chai';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../src/client/kernel-client.js';
import { shownText } from '../support/glue-kernel-harness.js';
import { glueKernelCommand } from '../support/kernel-argv.js';
import { waitUntil } from '../support/local-wait.js';
import { processRunning } from '../support/process-running.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

interface ProcessEntry {
  pid: number;
  ppid: number;
  command: string;
}

/** Every process on the machine (Linux /proc), with its parent and command line. */
function processTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      entries.push({ pid: Number(name), ppid, command });
    } catch {
      // ended while we looked
    }
  }
  return entries;
}

function descendantsOf(pid: number): ProcessEntry[] {
  const table = processTable();
  const found: ProcessEntry[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = table.filter((p) => parents.has(p.ppid));
    found.push(...children);
    parents = new Set(children.map((p) => p.pid));
  }
  return found;
}

/**
 * The local kernel keeps a warm standby worker by default (docs/local-sessions.md, "Warm
 * standby"): started with the kernel, before any session, with Spark running; the first session
 * takes it over; and nothing of it outlives the kernel, even one killed outright.
 */
describe('the local kernel with its default warm standby', function () {
  this.timeout(300_000);
  let kernel: KernelClient | undefined;
  let stateDir: string;

  before(function () {
    skipUnlessAvailable(this, hasVenvBin('python'), 'the test venv (pyspark)');
    stateDir = mkdtempSync(join(tmpdir(), 'glue-kernel-standby-'));
  });
  after(async () => {
    await kernel?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts Spark before the first cell, serves the first session with it, and leaves no JVM when killed', async () => {
    kernel = await KernelClient.start({
      argv: glueKernelCommand('kernel', '--kind', 'local', '-f', '{connection_file}'),
      // No GLUE_KERNEL_LOCAL_STANDBY: the default.
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        GLUE_KERNEL_STATE_DIR: stateDir,
        GLUE_KERNEL_LOCAL_PYTHON: venvBin('python'),
        GLUE_KERNEL_RUNTIMES_DIR: process.env['GLUE_KERNEL_RUNTIMES_DIR'],
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      startTimeoutMs: 30_000,
    });
    const kernelPid = kernel.process.pid!;
    const standby = await waitUntil(
      async () => {
        const below = descendantsOf(kernelPid);
        const worker = below.find((p) => p.command.includes('session_worker.py'));
        const jvm =
          worker &&
          descendantsOf(worker.pid).find(
            // Spark's JVM, not the short-lived launcher that builds its command line
            (p) => /java.*SparkSubmit/.test(p.command) && !/launcher\.Main/.test(p.command),
          );
        return worker && jvm ? { worker: worker.pid, jvm: jvm.pid } : undefined;
      },
      (found) => found !== undefined,
      120_000,
      'a standby worker with its JVM, before any cell',
    );

    const result = await kernel.execute('import os\nprint(spark.range(1).count(), os.getpid())', {
      timeoutMs: 180_000,
    });
    expect(result.reply.status, shownText(result)).to.equal('ok');
    expect(shownText(result)).to.match(new RegExp(`\\b1 ${standby!.worker}\\b`));

    const everything = descendantsOf(kernelPid).map((p) => p.pid);
    expect(everything).to.include.members([standby!.worker, standby!.jvm]);
    process.kill(kernelPid, 'SIGKILL');
    await waitUntil(
      async () => everything.filter(processRunning),
      (alive) => alive.length === 0,
      60_000,
      'every process the kernel started (workers, JVMs) to end',
    );
  });
});
