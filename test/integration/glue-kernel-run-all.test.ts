import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../src/client/kernel-client.js';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';

/**
 * "Run All" over real ZeroMQ: every cell is sent at once, as JupyterLab does. A cell that fails
 * in a millisecond (a misspelt magic) must stop the rest, as ipykernel does.
 */
describe('Run All against the Glue kernel process', function () {
  this.timeout(60_000);
  let kernel: KernelClient | undefined;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glue-run-all-'));
    kernel = await KernelClient.start({
      argv: glueKernelCommand('kernel', '--kind', 'pyspark', '-f', '{connection_file}'),
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      startTimeoutMs: 30_000,
    });
  });
  afterEach(async () => {
    await kernel?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('aborts every cell sent behind a fast failure: none runs, none is counted', async () => {
    const files = [1, 2, 3, 4, 5].map((n) => join(dir, `x_${n}`));
    const cells = ['%idle_timout 3', ...files.map((file) => `!touch ${file}`)];
    const results = await Promise.all(cells.map((cell) => kernel!.execute(cell)));
    expect(results[0]!.reply).to.deep.include({ status: 'error', execution_count: 1 });
    for (const result of results.slice(1)) {
      expect(result.reply).to.deep.equal({ status: 'aborted' });
      expect(result.outputs).to.deep.equal([]);
    }
    expect(files.filter((file) => existsSync(file))).to.deep.equal([]);
    // The next cell run on its own runs, numbered right after the failed one.
    const after = join(dir, 'after');
    const next = await kernel!.execute(`!touch ${after}`);
    expect(next.reply).to.deep.include({ status: 'ok', execution_count: 2 });
    expect(existsSync(after)).to.equal(true);
  });
});
