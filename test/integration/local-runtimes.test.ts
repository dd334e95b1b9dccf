import {
  CreateSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  GlueClient,
  RunStatementCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { runtimeDir } from '../../src/local/runtime/glue-runtimes.js';
import { waitUntil } from '../support/local-wait.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

/** The endpoint runs a session on the runtime `glue-kernel local setup` made for its GlueVersion. */
describe('local endpoint: the runtime of a session is picked by its GlueVersion', function () {
  this.timeout(60_000);
  let root: string;
  let saved: string | undefined;
  let endpoint: LocalEndpoint;
  let glue: GlueClient;

  before(async function () {
    skipUnlessAvailable(this, hasVenvBin('python'), 'the venv Python');
    root = mkdtempSync(join(tmpdir(), 'glue-runtimes-'));
    saved = process.env['GLUE_KERNEL_RUNTIMES_DIR'];
    process.env['GLUE_KERNEL_RUNTIMES_DIR'] = root;
    // A stand-in for a prepared Glue 5.0 runtime: its Python, and the JDK setup recorded.
    const dir = runtimeDir('5.0');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    symlinkSync(venvBin('python'), join(dir, 'bin', 'python'));
    writeFileSync(
      join(dir, 'glue-runtime.json'),
      JSON.stringify({
        glueVersion: '5.0',
        pyspark: '3.5.4',
        python: '3.11',
        javaHome: '/opt/jdk17',
      }),
    );
    endpoint = await startLocalEndpoint({ port: 0, faults: { provisioningDelayMs: 0 } });
    glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
  });
  after(async () => {
    glue?.destroy();
    await endpoint?.close();
    if (saved === undefined) delete process.env['GLUE_KERNEL_RUNTIMES_DIR'];
    else process.env['GLUE_KERNEL_RUNTIMES_DIR'] = saved;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function executableOf(id: string, glueVersion: string): Promise<string> {
    await glue.send(
      new CreateSessionCommand({
        Id: id,
        Role: DEFAULT_ROLE_ARN,
        Command: { Name: 'glueetl' },
        GlueVersion: glueVersion,
      }),
    );
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: id })),
      (r) => r.Session?.Status === 'READY',
      30_000,
    );
    const { Id } = await glue.send(
      new RunStatementCommand({
        SessionId: id,
        Code: "import os, sys\nprint(sys.executable, os.environ.get('JAVA_HOME'))",
      }),
    );
    const done = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: id, Id })),
      (r) => r.Statement?.State === 'AVAILABLE',
      30_000,
    );
    return done.Statement?.Output?.Data?.TextPlain?.trim() ?? '';
  }

  it('GlueVersion 5.0 runs on the 5.0 runtime with its JAVA_HOME; 4.0, with none prepared, on the default Python', async () => {
    expect(await executableOf('five', '5.0')).to.equal(
      `${join(runtimeDir('5.0'), 'bin', 'python')} /opt/jdk17`,
    );
    expect(await executableOf('four', '4.0')).to.not.contain(root);
  });
});
