import { GetSessionCommand, GlueClient, ListSessionsCommand } from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what} (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `glue-kernel run` killed with SIGKILL while a cell runs, against a standalone `glue-kernel
 * local` endpoint: the kernel left behind must stop its session and exit, whatever its log level
 * (its stderr, a pipe to the dead runner, now fails with EPIPE).
 */
describe('glue-kernel run killed mid-cell (no orphan)', function () {
  this.timeout(120_000);
  let endpoint: ChildProcess;
  let exports: Record<string, string>;
  let glue: GlueClient;
  let dir: string;

  before(async () => {
    const [node, ...args] = glueKernelCommand(
      'local',
      '--port',
      '0',
      '--provisioning-delay',
      '0',
      '--no-standby',
    );
    endpoint = spawn(node!, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      endpoint.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C')) resolve();
      });
      endpoint.once('exit', (code) => reject(new Error(`endpoint exited (${code}): ${output}`)));
    });
    exports = Object.fromEntries(
      [...output.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
    );
    glue = new GlueClient({
      endpoint: exports['AWS_ENDPOINT_URL_GLUE'],
      region: exports['AWS_REGION'],
      credentials: {
        accessKeyId: exports['AWS_ACCESS_KEY_ID']!,
        secretAccessKey: exports['AWS_SECRET_ACCESS_KEY']!,
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'glue-runner-killed-'));
  });
  after(() => {
    glue?.destroy();
    endpoint?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const level of ['info', 'debug']) {
    it(`at log level ${level}: the session leaves READY and the kernel exits`, async () => {
      const before = new Set((await glue.send(new ListSessionsCommand({}))).Ids ?? []);
      const marker = join(dir, `running-${level}`);
      const cell = `import time\nopen(${JSON.stringify(marker)}, 'w').close()\ntime.sleep(300)`;
      const notebook = join(dir, `long-${level}.ipynb`);
      writeFileSync(
        notebook,
        JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: { kernelspec: { name: 'glue_pyspark', display_name: 'Glue PySpark' } },
          cells: [{ cell_type: 'code', metadata: {}, source: cell, outputs: [] }],
        }),
      );
      const [node, ...args] = glueKernelCommand('run', notebook, '--kind', 'pyspark');
      const runner = spawn(node!, args, {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env['PATH'],
          HOME: process.env['HOME'],
          ...exports,
          AWS_CONFIG_FILE: '/nonexistent/aws-config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          GLUE_KERNEL_LOG_LEVEL: level,
          glue_role_arn: DEFAULT_ROLE_ARN,
        },
      });
      runner.stdout!.resume();
      runner.stderr!.resume();
      let kernelPid: number | undefined;
      try {
        await waitFor('the statement to run', () => existsSync(marker), Boolean);
        [kernelPid] = childPids(runner.pid!);
        expect(kernelPid, 'the kernel child of the runner').to.be.a('number');
        const ids = (await glue.send(new ListSessionsCommand({}))).Ids ?? [];
        const [id] = ids.filter((sessionId) => !before.has(sessionId));
        expect(id, 'the notebook session').to.be.a('string');
        runner.kill('SIGKILL');
        const status = await waitFor(
          'the session to leave READY',
          async () => (await glue.send(new GetSessionCommand({ Id: id! }))).Session?.Status,
          (s) => s !== 'READY',
        );
        expect(status).to.be.oneOf(['STOPPING', 'STOPPED']);
        await waitFor(
          'the kernel to exit',
          () => isAlive(kernelPid!),
          (alive) => !alive,
        );
      } finally {
        runner.kill('SIGKILL');
        if (kernelPid !== undefined && isAlive(kernelPid)) process.kill(kernelPid, 'SIGKILL');
      }
    });
  }
});
