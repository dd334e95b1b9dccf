import {
  CreateSessionCommand,
  GetSessionCommand,
  GlueClient,
  RunStatementCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ROLE_ARN,
  DEFAULT_SECRET_ACCESS_KEY,
} from '../../src/local/identity/accounts.js';
import { waitUntil } from '../support/local-wait.js';
import { spinningStatement } from '../support/spinning-statement.js';
import { processRunning } from '../support/process-running.js';
import { repoRoot } from '../support/venv.js';

/** `glue-kernel local` as its own process; resolves with it and its URL once it listens. */
async function startEndpointProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'src', 'cli', 'glue-kernel.ts'),
      'local',
      '--port',
      '0',
      '--provisioning-delay',
      '0',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
  });
  const url = /export AWS_ENDPOINT_URL_GLUE=(\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`no URL printed: ${output}`);
  return { child, url };
}

describe('no orphan when the local endpoint is killed', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'glue-orphans-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGKILL of the endpoint mid-statement (while True: pass) ends the worker and a detached child', async () => {
    const { child, url } = await startEndpointProcess();
    const glue = new GlueClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: DEFAULT_ACCESS_KEY_ID,
        secretAccessKey: DEFAULT_SECRET_ACCESS_KEY,
      },
    });
    const pidFile = join(dir, 'pids.json');
    try {
      await glue.send(
        new CreateSessionCommand({
          Id: 'spinning',
          Role: DEFAULT_ROLE_ARN,
          Command: { Name: 'glueetl', PythonVersion: '3' },
        }),
      );
      await waitUntil(
        () => glue.send(new GetSessionCommand({ Id: 'spinning' })),
        (r) => r.Session?.Status === 'READY',
        30_000,
        'the session to be READY',
      );
      await glue.send(
        new RunStatementCommand({
          SessionId: 'spinning',
          Code: spinningStatement(pidFile),
        }),
      );
      await waitUntil(
        async () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith(']'),
        (written) => written,
        30_000,
        'the statement to write its pids',
      );
      const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as number[];
      expect(pids.every(processRunning)).to.equal(true);
      child.kill('SIGKILL');
      await waitUntil(
        async () => pids.filter(processRunning),
        (running) => running.length === 0,
        15_000,
        'the worker and its detached child to end',
      );
    } finally {
      glue.destroy();
      child.kill('SIGKILL');
    }
  });
});
