import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../../src/client/free-ports.js';
import { KernelClient, KernelClientError } from '../../../src/client/kernel-client.js';
import { KernelProcess } from '../../../src/client/kernel-process.js';
import { waitUntil } from '../../support/local-wait.js';

describe('kernel client start-up', () => {
  it('hands out distinct free ports', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).to.equal(5);
    for (const port of ports) expect(port).to.be.within(1, 65535);
  });

  it('reports a kernel that dies at start with its stderr', async () => {
    const argv = [
      process.execPath,
      '-e',
      'console.error("boom: no such interpreter"); process.exit(3)',
      '{connection_file}',
    ];
    let error: unknown;
    await KernelClient.start({ argv, startTimeoutMs: 10_000 }).catch(
      (err: unknown) => (error = err),
    );
    expect(error).to.be.instanceOf(KernelClientError);
    expect((error as Error).message).to.include('exited (code 3)');
    expect((error as Error).message).to.include('boom: no such interpreter');
  });

  it('gives up on a kernel that never answers, after the start timeout', async () => {
    const argv = [process.execPath, '-e', 'setInterval(() => {}, 1000)', '{connection_file}'];
    let error: unknown;
    await KernelClient.start({ argv, startTimeoutMs: 500 }).catch((err: unknown) => (error = err));
    expect((error as Error).message).to.match(
      /did not start: no answer to kernel_info_request within 500 ms/,
    );
  });

  it('replaces {connection_file} in argv and can kill a process', async () => {
    const child = KernelProcess.spawn(
      [
        process.execPath,
        '-e',
        'console.error(process.argv[1]); setInterval(() => {}, 1000)',
        '{connection_file}',
      ],
      '/tmp/some-connection.json',
    );
    // Wait for the line itself: on a loaded machine node may take well over 300 ms to start.
    const line = await waitUntil(
      () => Promise.resolve(child.stderr),
      (text) => text.includes('\n'),
      10_000,
      'the child to print its argument',
    );
    expect(line.trim()).to.equal('/tmp/some-connection.json');
    const exit = await child.kill(1000);
    expect(exit.signal).to.equal('SIGTERM');
  });

  it('gives up a start when aborted and leaves no kernel running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kernel-abort-'));
    const pidFile = join(dir, 'pid');
    try {
      const argv = [
        process.execPath,
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`,
        '{connection_file}',
      ];
      const abort = new AbortController();
      const starting = KernelClient.start({ argv, abortSignal: abort.signal }).catch(
        (err: unknown) => err,
      );
      const pid = Number(
        await waitUntil(
          () => readFile(pidFile, 'utf8').catch(() => ''),
          (text) => text !== '',
          10_000,
          'the kernel to start',
        ),
      );
      abort.abort();
      const error = await starting;
      expect(error).to.be.instanceOf(KernelClientError);
      expect((error as KernelClientError).reason).to.equal('closed');
      expect((error as Error).message).to.equal('The kernel start was cancelled.');
      expect(() => process.kill(pid, 0)).to.throw(/ESRCH/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
