import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  async function startLocalKernel(
    env: Record<string, string>,
    cwd?: string,
  ): Promise<KernelClient> {
    return KernelClient.start({
      argv: glueKernelCommand('kernel', '--kind', 'local', '-f', '{connection_file}'),
      ...(cwd === undefined ? {} : { cwd }),
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

  it('uses its endpoint as given when the shared config asks for FIPS or dual-stack endpoints', async () => {
    const home = mkdtempSync(join(stateRoot, 'home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'config'),
      '[default]\nregion = us-east-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n',
    );
    const kernel = await startLocalKernel({ HOME: home });
    try {
      const result = await kernel.execute('print("hello from a local session")');
      expect(result.reply.status, shownText(result)).to.equal('ok');
      expect(shownText(result)).to.include('hello from a local session');
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

  it("a notebook chooses its accounts file with `%endpoint local --accounts FILE`, relative to the notebook's folder; running it again with a live session changes nothing", async () => {
    const kernel = await startLocalKernel({}, join(REPO_ROOT, 'notebooks'));
    try {
      const chosen = await kernel.execute('%endpoint local --accounts scenario-accounts.json');
      expect(chosen.reply.status, shownText(chosen)).to.equal('ok');
      expect(shownText(chosen)).to.include(
        `Local accounts file: ${join(REPO_ROOT, 'notebooks', 'scenario-accounts.json')}`,
      );
      const assumed = await kernel.execute(
        '%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
      );
      expect(assumed.reply.status, shownText(assumed)).to.equal('ok');
      const created = await kernel.execute(
        [
          '%worker_type G.1X',
          '%number_of_workers 2',
          '%iam_role arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
          '%connections session_vpc',
          'print("created")',
        ].join('\n'),
      );
      expect(created.reply.status, shownText(created)).to.equal('ok');
      const id = shownText(await kernel.execute('%session_id'));

      for (const again of [
        '%endpoint local',
        '%endpoint local --accounts scenario-accounts.json',
      ]) {
        const rerun = await kernel.execute(again);
        expect(rerun.reply.status, shownText(rerun)).to.equal('ok');
        expect(shownText(rerun)).not.to.include('cannot change');
      }
      expect(shownText(await kernel.execute('%session_id'))).to.equal(id);
      const still = await kernel.execute('print("same session")');
      expect(shownText(still)).to.equal('same session\n');

      const other = await kernel.execute('%endpoint local --accounts ../other-accounts.json');
      expect(other.reply.status).to.equal('error');
      expect(shownText(other)).to.include(
        'cannot change the local accounts file of a live session',
      );
    } finally {
      await kernel.shutdown();
    }
  });

  it('AccessDenied on the built-in account says how a notebook chooses its accounts file', async () => {
    const kernel = await startLocalKernel({});
    try {
      const denied = await kernel.execute(
        '%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
      );
      expect(denied.reply.status).to.equal('error');
      const text = shownText(denied);
      expect(text).to.include('AccessDenied');
      expect(text).to.include('built-in account (123456789012)');
      expect(text).to.include('%endpoint local --accounts FILE');
    } finally {
      await kernel.shutdown();
    }
  });

  it('a GLUE_KERNEL_LOCAL_PYTHON that cannot start gives one clean message', async () => {
    const kernel = await startLocalKernel({ GLUE_KERNEL_LOCAL_PYTHON: '/nonexistent/python3' });
    try {
      const result = await kernel.execute('print("hello")');
      expect(result.reply.status).to.equal('error');
      const text = shownText(result);
      expect(text).to.include(
        "Could not start the Python interpreter '/nonexistent/python3': spawn /nonexistent/python3 ENOENT. Choose one with --python or GLUE_KERNEL_LOCAL_PYTHON.",
      );
      expect(text.match(/could not start/gi)).to.have.length(2); // the error line, and its echo
      expect(text).not.to.include('..');
      expect(text).not.to.include('%iam_role');
    } finally {
      await kernel.shutdown();
    }
  });
});
