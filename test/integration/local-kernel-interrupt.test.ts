import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../src/client/kernel-client.js';
import { processesMentioning } from '../adversarial/adversarial-support.js';
import { shownText } from '../support/glue-kernel-harness.js';
import { glueKernelCommand } from '../support/kernel-argv.js';
import { waitUntil } from '../support/local-wait.js';
import { spinningStatement } from '../support/spinning-statement.js';
import { processRunning } from '../support/process-running.js';

/** "Interrupt, then restart" without the restart: a cell that ignores the interrupt still ends. */
describe('the local kernel interrupting a statement that ignores SIGINT', function () {
  this.timeout(120_000);

  let stateDir: string;
  let kernel: KernelClient;
  before(async () => {
    // Every process of this kernel (the kernel, its workers) has the state dir in its environment.
    stateDir = mkdtempSync(join(tmpdir(), 'glue-interrupt-ignored-'));
    kernel = await KernelClient.start({
      argv: glueKernelCommand('kernel', '--kind', 'local', '-f', '{connection_file}'),
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        GLUE_KERNEL_STATE_DIR: stateDir,
      },
      startTimeoutMs: 30_000,
    });
  });
  after(async () => {
    await kernel?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('ends the cell, replaces the lost session on the next cell, and leaves nothing running', async () => {
    const first = await kernel.execute('kept = 41');
    expect(first.reply.status, shownText(first)).to.equal('ok');

    const pidFile = join(stateDir, 'stubborn-pids.json');
    const stubborn = kernel.execute(spinningStatement(pidFile, { ignoreInterrupt: true }));
    const written = await waitUntil(
      async () => {
        try {
          return readFileSync(pidFile, 'utf8');
        } catch {
          return '';
        }
      },
      (text) => text.endsWith(']'),
      60_000,
      'the statement to write its pids',
    );
    const pids = JSON.parse(written) as number[];
    expect(pids.every(processRunning)).to.equal(true);

    await kernel.interrupt();
    const interrupted = await stubborn;
    expect(interrupted.reply.status).to.equal('error');
    expect(shownText(interrupted)).to.include('Interrupted').and.include('ignored the interrupt');
    await waitUntil(
      async () => pids.filter(processRunning),
      (left) => left.length === 0,
      15_000,
      "the stubborn statement's worker and child to end",
    );

    const next = await kernel.execute('1+1');
    expect(next.reply.status, shownText(next)).to.equal('ok');
    const text = shownText(next);
    expect(text).to.include('was lost').and.include('ignored the interrupt');
    expect(text).to.include('Variables defined in it are gone');
    expect(text).to.match(/^2$/m);

    await kernel.shutdown();
    await waitUntil(
      async () => processesMentioning(stateDir),
      (left) => left.length === 0,
      15_000,
      'every process of the kernel to end',
    );
  });
});
