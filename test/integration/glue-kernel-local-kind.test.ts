import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../src/client/kernel-client.js';
import { shownText } from '../support/glue-kernel-harness.js';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';

/** The Glue PySpark (local) kernel: its embedded endpoint, started from the environment. */
describe('the local kernel kind and its embedded endpoint', function () {
  this.timeout(90_000);

  let stateRoot: string;
  before(() => (stateRoot = mkdtempSync(join(tmpdir(), 'glue-local-kind-state-'))));
  after(() => rmSync(stateRoot, { recursive: true, force: true }));

  async function startLocalKernel(env: Record<string, string>): Promise<KernelClient> {
    return KernelClient.start({
      argv: glueKernelCommand('kernel', '--kind', 'local', '-f', '{connection_file}'),
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        GLUE_KERNEL_STATE_DIR: mkdtempSync(join(stateRoot, 'kernel-')),
        ...env,
      },
      startTimeoutMs: 30_000,
    });
  }

  it('keeps an assumed role when `%endpoint local` is run again', async () => {
    const kernel = await startLocalKernel({
      GLUE_KERNEL_LOCAL_ACCOUNTS: join(REPO_ROOT, 'notebooks', 'scenario-accounts.json'),
    });
    try {
      const assumed = await kernel.execute(
        '%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
      );
      expect(assumed.reply.status, shownText(assumed)).to.equal('ok');
      await kernel.execute('%endpoint local');
      const config = [
        '%region us-east-1',
        '%worker_type G.1X',
        '%number_of_workers 2',
        '%iam_role arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
        'print("created")',
      ].join('\n');
      const denied = await kernel.execute(config);
      // Still the assumed role of account B, whose policy requires a VPC connection.
      expect(denied.reply.status).to.equal('error');
      expect(shownText(denied)).to.include('assumed-role/GlueSessionCreationRole');
      expect(shownText(denied)).to.include('explicit deny');
    } finally {
      await kernel.shutdown();
    }
  });

  it('uses its embedded endpoint for STS and Glue whatever AWS_ENDPOINT_URL says', async () => {
    const kernel = await startLocalKernel({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_GLUE: 'http://127.0.0.1:9',
    });
    try {
      const assumed = await kernel.execute(
        '%%assume_role\n"arn:aws:iam::123456789012:role/GlueLocalSessionRole"',
      );
      expect(assumed.reply.status, shownText(assumed)).to.equal('ok');
      expect(shownText(assumed)).to.include('assumed-role/GlueLocalSessionRole');
    } finally {
      await kernel.shutdown();
    }
  });

  it('reports a broken accounts file as a configuration error naming the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glue-bad-accounts-'));
    const file = join(dir, 'accounts.json');
    writeFileSync(file, '{"accounts": [{"id": "not-an-account-id"}]}');
    const kernel = await startLocalKernel({ GLUE_KERNEL_LOCAL_ACCOUNTS: file });
    try {
      const result = await kernel.execute('print("hello")');
      expect(result.reply.status).to.equal('error');
      const text = shownText(result);
      expect(text).to.include('ConfigurationError');
      expect(text).to.include('GLUE_KERNEL_LOCAL_ACCOUNTS');
      expect(text).to.not.include('This is a bug');
    } finally {
      await kernel.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
