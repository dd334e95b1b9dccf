import { skipUnlessAvailable } from '../support/venv.js';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, echoKernelArgv, kernelVenvBin } from '../support/kernel-argv.js';

/** The reference client (jupyter_client) against our kernel: an independent protocol check. */
describe('kernel driven by jupyter_client', function () {
  this.timeout(90_000);

  it('executes, reports kernel_info/comm_info, interrupts by message and shuts down', async function () {
    const python = kernelVenvBin('python');
    skipUnlessAvailable(this, python !== undefined, 'the venv python (jupyter_client)');
    const driver = fileURLToPath(new URL('../support/kernel-jupyter-driver.py', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        python!,
        [driver, JSON.stringify(echoKernelArgv())],
        { cwd: REPO_ROOT, timeout: 80_000 },
        (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
      );
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.reply).to.deep.include({ status: 'ok', execution_count: 1 });
    const outputs = seen.outputs as [string, Record<string, unknown>, string][];
    expect(outputs.map(([type]) => type)).to.deep.equal([
      'status',
      'execute_input',
      'stream',
      'display_data',
      'update_display_data',
      'execute_result',
      'status',
    ]);
    expect(outputs.every(([, , parent]) => parent === seen.request_id)).to.equal(true);
    expect(outputs.at(-1)![1]).to.deep.equal({ execution_state: 'idle' });
    expect(seen.kernel_info).to.deep.include({ status: 'ok', protocol_version: '5.3' });
    expect(seen.comm_info).to.deep.equal({ status: 'ok', comms: {} });
    expect(seen.interrupted).to.deep.include({ status: 'error', ename: 'Interrupted' });
    expect(seen.alive_after_shutdown).to.equal(false);
  });
});
