import { GlueClient, ListSessionsCommand } from '@aws-sdk/client-glue';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalCommand } from '../../src/cli/local-command.js';
import { runLocalSetup } from '../../src/cli/local-setup.js';
import { repoRoot } from '../support/venv.js';

function exported(output: string, name: string): string {
  const match = new RegExp(`export ${name}=(\\S+)`).exec(output);
  if (!match) throw new Error(`${name} not printed in:\n${output}`);
  return match[1]!;
}

describe('glue-kernel local', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'glue-local-command-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('prints the URL and environment, serves the SDK, and stops when asked', async () => {
    let output = '';
    let stop: (signal: string) => void = () => undefined;
    let printed: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (printed = resolve));
    const argv = ['--port', '0', '--provisioning-delay', '0', '--state-dir', stateDir];
    const running = runLocalCommand(argv, {
      out: (text) => {
        output += text;
        if (text.includes('AWS_ENDPOINT_URL_GLUE')) printed();
      },
      stopped: () => new Promise((resolve) => (stop = resolve)),
    });
    await ready;
    const url = exported(output, 'AWS_ENDPOINT_URL_GLUE');
    expect(exported(output, 'AWS_ENDPOINT_URL_STS')).to.equal(url);
    expect(output).to.contain(`State: ${stateDir}`);
    const glue = new GlueClient({
      endpoint: url,
      region: exported(output, 'AWS_REGION'),
      credentials: {
        accessKeyId: exported(output, 'AWS_ACCESS_KEY_ID'),
        secretAccessKey: exported(output, 'AWS_SECRET_ACCESS_KEY'),
      },
    });
    expect((await glue.send(new ListSessionsCommand({}))).Ids).to.deep.equal([]);
    glue.destroy();
    stop('SIGTERM');
    expect(await running).to.equal(0);
    expect(output).to.contain('SIGTERM: stopping the local endpoint');
  });

  it('refuses bad flag values with a usage error that names the flag', async () => {
    const io = { out: () => undefined, stopped: () => new Promise<string>(() => undefined) };
    for (const [argv, text] of [
      [['--throttle-rate', '2'], '--throttle-rate must be a rate between 0 and 1'],
      [['--port', 'abc'], '--port must be an integer port'],
      [['--time-scale', '0'], '--time-scale must be a number > 0'],
      [['--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const err = (await runLocalCommand([...argv], io).catch((e: Error) => e)) as Error;
      expect(err.name).to.equal('UsageError');
      expect(err.message).to.contain(text);
    }
  });

  it('refuses a non-loopback --host with the built-in account, and warns with an accounts file', async () => {
    let output = '';
    let stop: (signal: string) => void = () => undefined;
    const refused = (await runLocalCommand(['--host', '0.0.0.0', '--port', '0'], {
      out: (text) => (output += text),
      stopped: () => new Promise(() => undefined),
    }).catch((e: Error) => e)) as Error;
    expect(refused.name).to.equal('UsageError');
    expect(refused.message).to.contain('--host 0.0.0.0 needs --accounts FILE');
    expect(output).to.equal('');
    const running = runLocalCommand(
      [
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--accounts',
        join(repoRoot, 'notebooks', 'scenario-accounts.json'),
      ],
      {
        out: (text) => {
          output += text;
          if (text.includes('Press Ctrl-C')) stop('SIGTERM');
        },
        stopped: () => new Promise((resolve) => (stop = resolve)),
      },
    );
    expect(await running).to.equal(0);
    expect(output).to.match(/^Warning: listening on 0\.0\.0\.0, beyond this machine/);
  });

  it('local setup --dry-run says what it would install; a bad --glue-version is a usage error', async () => {
    let output = '';
    const io = { out: (text: string) => (output += text) };
    expect(await runLocalSetup(['--glue-version', '5.0', '--dry-run'], io)).to.equal(0);
    expect(output).to.contain('Glue 5.0 runtime in');
    expect(output).to.match(/Packages: pyspark==3\.5\.4/);
    expect(output).to.match(/would run: \S+ -m venv /);
    const bad = (await runLocalSetup(['--glue-version', '9.9'], io).catch(
      (e: Error) => e,
    )) as Error;
    expect(bad.name).to.equal('UsageError');
    expect(bad.message).to.contain('--glue-version must be 4.0 or 5.0');
  });

  it('keeps serving, and stops cleanly, after its stdout and stderr pipes are closed', async function () {
    this.timeout(30_000);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src', 'cli', 'glue-kernel.ts'),
        'local',
        '--port',
        '0',
      ].concat(['--provisioning-delay', '0', '--state-dir', stateDir]),
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C')) resolve();
      });
      void exit.then((code) => reject(new Error(`exited early (${code}): ${output}`)));
    });
    // The operator's terminal goes away: every later write of the endpoint meets EPIPE.
    child.stdout.destroy();
    child.stderr.destroy();
    const client = {
      endpoint: exported(output, 'AWS_ENDPOINT_URL_GLUE'),
      region: exported(output, 'AWS_REGION'),
      credentials: {
        accessKeyId: exported(output, 'AWS_ACCESS_KEY_ID'),
        secretAccessKey: exported(output, 'AWS_SECRET_ACCESS_KEY'),
      },
    };
    const sts = new STSClient(client);
    const glue = new GlueClient(client);
    // A refused AssumeRole is logged to stderr.
    const refused = (await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::123456789012:role/NoSuchRole',
          RoleSessionName: 'closed-pipes',
        }),
      )
      .catch((e: Error) => e)) as Error;
    expect(refused.name).to.equal('AccessDenied');
    expect((await glue.send(new ListSessionsCommand({}))).Ids).to.deep.equal([]);
    sts.destroy();
    glue.destroy();
    child.kill('SIGTERM');
    expect(await exit).to.equal(0);
  });

  it('runs as a process through the glue-kernel router and exits on SIGTERM', async function () {
    this.timeout(30_000);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src', 'cli', 'glue-kernel.ts'),
        'local',
        '--port',
        '0',
        '--state-dir',
        stateDir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
    });
    expect(exported(output, 'AWS_ENDPOINT_URL_GLUE')).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).to.equal(0);
  });
});
