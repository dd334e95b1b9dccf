/**
 * Real Jupyter clients for end-to-end tests: kernelspecs installed into a temporary prefix by our
 * own `glue-kernel install`, and Jupyter's directories pointed there so nothing of the user's is
 * read or written.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { hasVenvBin, repoRoot, skipUnlessAvailable, venvBin } from './venv.js';

const run = promisify(execFile);

export interface JupyterSandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

const BUNDLE = join(repoRoot, 'dist', 'bundle', 'glue-kernel.js');

/**
 * As integration tests do (support/venv.ts): skips when a tool is missing on a developer's
 * machine, fails under CI. `tools` are venv executables; `files` other paths a test needs.
 */
export function skipUnlessE2eTools(
  ctx: Mocha.Context,
  tools: string[],
  files: Record<string, string> = {},
): void {
  skipUnlessAvailable(
    ctx,
    existsSync(BUNDLE),
    'the built bundle dist/bundle/glue-kernel.js (npm run build)',
  );
  for (const tool of tools) skipUnlessAvailable(ctx, hasVenvBin(tool), `the venv's ${tool}`);
  for (const [what, path] of Object.entries(files))
    skipUnlessAvailable(ctx, existsSync(path), what);
}

/** Installs our three kernelspecs into a fresh temporary prefix; env points Jupyter at it only. */
export async function jupyterSandbox(): Promise<JupyterSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'glue-kernel-e2e-'));
  await run(process.execPath, [BUNDLE, 'install', '--prefix', dir]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: join(dir, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: join(dir, 'data'),
    JUPYTER_CONFIG_DIR: join(dir, 'config'),
    JUPYTER_RUNTIME_DIR: join(dir, 'runtime'),
    JUPYTER_PLATFORM_DIRS: '1',
    IPYTHONDIR: join(dir, 'ipython'),
    GLUE_KERNEL_STATE_DIR: join(dir, 'state'),
    // No real AWS account may be reached from the tests.
    AWS_ACCESS_KEY_ID: 'AKIDTESTNOTREAL',
    AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
  };
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  token: string;
  process: ChildProcess;
  /** What the server printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts `jupyter server` (or `jupyter lab`) from the test venv and waits until it answers. */
export async function startJupyter(
  sandbox: JupyterSandbox,
  app: 'server' | 'lab' = 'server',
): Promise<RunningServer> {
  const port = await freePort();
  const token = `t${Math.random().toString(36).slice(2)}`;
  const child = spawn(
    venvBin('jupyter'),
    [
      app,
      '--no-browser',
      '--allow-root',
      '--ip=127.0.0.1',
      `--port=${port}`,
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${sandbox.dir}`,
      '--ServerApp.disable_check_xsrf=True',
      ...(app === 'lab'
        ? [
            '--LabApp.news_url=None',
            '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
          ]
        : []),
    ],
    { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += String(d)));
  child.stderr?.on('data', (d) => (log += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter ${app} exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/api/status?token=${token}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`jupyter ${app} did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    token,
    process: child,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export { run as execFileAsync };
