import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import {
  shownText,
  startGlueKernelRig,
  type GlueKernelRig,
} from '../support/glue-kernel-harness.js';
import { hasVenvBin, venvBin, skipUnlessAvailable } from '../support/venv.js';

function venvHasPyspark(): boolean {
  if (!hasVenvBin('python')) return false;
  try {
    execFileSync(venvBin('python'), ['-c', 'import pyspark'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The pyspark tier: a real local Spark behind the kernel, as a Glue session provides it. */
describe('Glue kernel with a PySpark session on the local endpoint', function () {
  this.timeout(180_000);
  let rig: GlueKernelRig;

  before(async function () {
    skipUnlessAvailable(this, venvHasPyspark(), 'pyspark in the venv');
    rig = await startGlueKernelRig({
      python: venvBin('python'),
      faults: { provisioningDelayMs: 0 },
    });
  });
  after(async () => rig?.close());

  it('spark.range(100).count() returns 100 through the kernel', async () => {
    const result = await rig.kernel.execute('spark.range(100).count()', { timeoutMs: 150_000 });
    expect(result.reply.status, shownText(result)).to.equal('ok');
    expect(shownText(result)).to.match(/\b100\b/);
  });

  it('%%sql renders a table from Spark SQL', async () => {
    const result = await rig.kernel.execute(
      '%%sql -n 3\nSELECT id, id * 2 AS twice FROM range(10)',
      {
        timeoutMs: 120_000,
      },
    );
    expect(result.reply.status, shownText(result)).to.equal('ok');
    const html = result.outputs
      .map((m) => (m.content as { data?: Record<string, unknown> }).data?.['text/html'])
      // On a loaded machine a progress display comes first; the table is its own output.
      .find((h) => typeof h === 'string' && h.includes('<table')) as string | undefined;
    expect(html).to.include('<table').and.include('twice');
    expect(shownText(result)).to.include('showing 3 of 10 rows');
  });
});
