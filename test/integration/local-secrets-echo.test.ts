import { CreateSessionCommand, GetSessionCommand, GlueClient } from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient, type ExecuteResult } from '../../src/client/kernel-client.js';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint } from '../../src/local/local-endpoint.js';
import { shownText } from '../support/glue-kernel-harness.js';
import { glueKernelCommand } from '../support/kernel-argv.js';
import { waitUntil } from '../support/local-wait.js';

/**
 * A secret typed into a cell as a URL's user info (a package index token) is never echoed back:
 * not by the session's failure (pip's or the path check's message, relayed by the local
 * endpoint), not by an unreachable %endpoint, and not in the kernel's log at debug level, while
 * the error still names the host (docs: README "Secrets are masked").
 */
const SECRET = 'S3cr3tTyped';
const URL = `https://user:${SECRET}@127.0.0.1:9`;

describe('secrets typed as URL user info in the local kernel', function () {
  this.timeout(120_000);

  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'glue-secrets-echo-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * Runs the cells in a fresh local kernel logging at debug level; returns what each cell
   * showed, after checking that the secret is in no reply, output or line of the kernel's log
   * (its stderr, the embedded endpoint's lines included, kept whole in a file).
   */
  async function shownBy(cells: string[], env: Record<string, string> = {}): Promise<string[]> {
    const run = mkdtempSync(join(dir, 'kernel-'));
    const log = join(run, 'kernel.log');
    const kernel = await KernelClient.start({
      argv: [
        'bash',
        '-c',
        'exec "$@" 2>>"$KERNEL_LOG"',
        'bash',
        ...glueKernelCommand('kernel', '--kind', 'local', '-f', '{connection_file}'),
      ],
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        GLUE_KERNEL_STATE_DIR: join(run, 'state'),
        GLUE_KERNEL_LOCAL_STANDBY: '0',
        GLUE_KERNEL_LOG_LEVEL: 'debug',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        KERNEL_LOG: log,
        ...env,
      },
      startTimeoutMs: 60_000,
    });
    const results: ExecuteResult[] = [];
    try {
      for (const cell of cells) results.push(await kernel.execute(cell, { timeoutMs: 90_000 }));
    } finally {
      await kernel.shutdown();
    }
    const logged = readFileSync(log, 'utf8');
    expect(logged).to.include('[glue-kernel debug]');
    for (const [i, result] of results.entries()) {
      const sent = JSON.stringify({ reply: result.reply, outputs: result.outputs });
      expect(sent, `cell ${i}`).not.to.include(SECRET);
    }
    expect(logged.split('\n').filter((line) => line.includes(SECRET))).to.deep.equal([]);
    return results.map((result) => shownText(result));
  }

  it('a session that cannot install %additional_python_modules names the module without the secret', async () => {
    const [set, failed] = await shownBy([
      `%additional_python_modules ${URL}/x.whl`,
      'print("never")',
    ]);
    expect(set).to.include('https://***@127.0.0.1:9/x.whl');
    expect(failed).to.include('SessionFailed');
    expect(failed).to.include('--additional-python-modules https://***@127.0.0.1:9/x.whl');
    // The settings failed, not the interpreter: no advice to choose another Python.
    expect(failed).to.include("The session's settings could not be applied: RuntimeError:");
    expect(failed).not.to.include('GLUE_KERNEL_LOCAL_PYTHON');
  });

  it('a session whose %extra_py_files is not found names the file without the secret, in every form', async () => {
    const [, failed] = await shownBy([`%extra_py_files ${URL}/x.whl`, 'print("never")']);
    expect(failed).to.include('SessionFailed');
    expect(failed).to.include('--extra-py-files: https://***@127.0.0.1:9/x.whl');
    // The path the worker looked at, made absolute, has one slash after the scheme.
    expect(failed).to.include('https:/***@127.0.0.1:9/x.whl');
    expect(failed).to.include(
      "The session's settings could not be applied: FileNotFoundError: --extra-py-files:",
    );
    expect(failed).not.to.include('GLUE_KERNEL_LOCAL_PYTHON');
  });

  it('an unreachable %endpoint is named without the secret', async () => {
    // Keys of no one: the kernel signs its calls, then cannot connect.
    const [set, unreachable] = await shownBy([`%endpoint ${URL}`, 'print("never")'], {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_REGION: 'us-east-1',
    });
    expect(set).to.include('Endpoint is set to: https://***@127.0.0.1:9');
    expect(unreachable).to.include('ConnectionError: Could not reach https://***@127.0.0.1:9');
  });
});

describe('the local endpoint with a secret in a session setting', function () {
  this.timeout(120_000);

  it("keeps a secret URL out of a failed session's ErrorMessage and its log", async () => {
    const lines: string[] = [];
    const state = mkdtempSync(join(tmpdir(), 'glue-secrets-endpoint-'));
    const endpoint = await startLocalEndpoint({
      port: 0,
      stateDir: state,
      faults: { provisioningDelayMs: 0 },
      log: (line) => lines.push(line),
    });
    const glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
    try {
      await glue.send(
        new CreateSessionCommand({
          Id: 'secret-files',
          Role: DEFAULT_ROLE_ARN,
          Command: { Name: 'glueetl', PythonVersion: '3' },
          DefaultArguments: { '--extra-py-files': `${URL}/x.whl` },
        }),
      );
      const failed = await waitUntil(
        () => glue.send(new GetSessionCommand({ Id: 'secret-files' })),
        (r) => r.Session?.Status !== 'PROVISIONING',
      );
      expect(failed.Session?.Status).to.equal('FAILED');
      expect(failed.Session?.ErrorMessage).to.include('https:/***@127.0.0.1:9/x.whl');
      expect(failed.Session?.ErrorMessage).not.to.include(SECRET);
      expect(lines.join('\n')).to.include('x.whl');
      expect(lines.join('\n')).not.to.include(SECRET);
    } finally {
      glue.destroy();
      await endpoint.close();
      rmSync(state, { recursive: true, force: true });
    }
  });
});
