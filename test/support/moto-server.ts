import { spawn, type ChildProcess } from 'node:child_process';
import { hasVenvBin, venvBin } from './venv.js';

/**
 * moto's server mode (`moto_server`, from the project venv) on an ephemeral port: an independent
 * AWS emulator to check what our SDK gateway really sends. Started per test file, killed after.
 */
export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

export function motoAvailable(): boolean {
  return hasVenvBin('moto_server');
}

export async function startMotoServer(timeoutMs = 15_000): Promise<MotoServer> {
  const child: ChildProcess = spawn(venvBin('moto_server'), ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`moto_server did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`moto_server exited with ${code}:\n${output}`)));
  });
  await waitUntilAnswering(url, timeoutMs);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${url}/moto-api/`);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
