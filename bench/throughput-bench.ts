/**
 * §9 local endpoint throughput: N concurrent sessions × M statements through the AWS SDK's
 * GlueClient (SDK retries off, so every failure counts). The endpoint runs as `glue-kernel
 * local` in its own process, as users run it, so the client's signing work does not share its
 * event loop. Each session: CreateSession → wait READY → M × (RunStatement + GetStatement
 * polls) → StopSession.
 */
import {
  CreateSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  GlueClient,
  RunStatementCommand,
  StopSessionCommand,
} from '@aws-sdk/client-glue';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ROLE_ARN } from '../src/local/identity/accounts.js';
import { BUILT_CLI, delay, isolatedEnv } from './kernel-launch.js';
import { summarize, type Summary } from './stats.js';

export interface ThroughputResult {
  sessions: number;
  statementsPerSession: number;
  statementsCompleted: number;
  errors: number;
  /** The first few error messages (operation: message), for diagnosis. */
  errorSamples: string[];
  totalMs: number;
  statementsPerSecond: number;
  statementLatencyMs: Summary;
  sessionReadyMs: Summary;
}

interface LocalProcess {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** Starts `glue-kernel local --port 0` and reads its URL and keys from what it prints. */
async function startLocalProcess(timeoutMs: number): Promise<LocalProcess> {
  // A throwaway state directory: the benchmark's sessions must not land in the user's.
  const stateDir = mkdtempSync(join(tmpdir(), 'glue-kernel-bench-state-'));
  const argv = [BUILT_CLI, 'local', '--port', '0', '--state-dir', stateDir];
  const child: ChildProcess = spawn(process.execPath, argv, {
    env: isolatedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      rmSync(stateDir, { recursive: true, force: true });
      done();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  let printed = '';
  child.stderr?.setEncoding('utf8').on('data', () => {});
  const ready = new Promise<LocalProcess>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(printed)?.[1];
      const key = /AWS_ACCESS_KEY_ID=(\S+)/.exec(printed)?.[1];
      const secret = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(printed)?.[1];
      if (url && key && secret)
        resolve({ url, credentials: { accessKeyId: key, secretAccessKey: secret }, stop });
    });
    void exited.then(() => reject(new Error('glue-kernel local exited before it was listening')));
    setTimeout(
      () => reject(new Error(`glue-kernel local did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await ready;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls `probe` with growing gaps (from 10 ms, ×1.5, capped at `capMs`) until `done`. */
async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  capMs: number,
  deadline: number,
): Promise<T> {
  let gap = 10;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (performance.now() > deadline) throw new Error('gave up waiting (bench deadline)');
    await delay(gap);
    gap = Math.min(gap * 1.5, capMs);
  }
}

export async function benchThroughput(
  sessions: number,
  statementsPerSession: number,
  timeoutMs: number,
  /** Sees how to stop the endpoint process, so a caller that is interrupted can stop it too. */
  onStarted: (stop: () => Promise<void>) => void = () => {},
): Promise<ThroughputResult> {
  const local = await startLocalProcess(20_000);
  onStarted(() => local.stop());
  const agent = new Agent({ keepAlive: true, maxSockets: sessions * 2 });
  const glue = new GlueClient({
    endpoint: local.url,
    region: 'us-east-1',
    credentials: local.credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
  const latencies: number[] = [];
  const readyTimes: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + timeoutMs;
  const failed = (what: string, err: unknown): void => {
    errors += 1;
    if (errorSamples.length < 5)
      errorSamples.push(
        `${what}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
      );
  };

  const runSession = async (index: number): Promise<void> => {
    const id = `bench-${process.pid}-${index}`;
    try {
      const createdAt = performance.now();
      await glue.send(
        new CreateSessionCommand({
          Id: id,
          Role: DEFAULT_ROLE_ARN,
          Command: { Name: 'glueetl', PythonVersion: '3' },
        }),
      );
      await pollUntil(
        () => glue.send(new GetSessionCommand({ Id: id })),
        (r) => r.Session?.Status === 'READY',
        250,
        deadline,
      );
      readyTimes.push(performance.now() - createdAt);
      for (let n = 0; n < statementsPerSession; n++) {
        const sent = performance.now();
        const { Id } = await glue.send(
          new RunStatementCommand({ SessionId: id, Code: `x = ${n}\nx * 2` }),
        );
        const final = await pollUntil(
          () => glue.send(new GetStatementCommand({ SessionId: id, Id })),
          (r) => ['AVAILABLE', 'ERROR', 'CANCELLED'].includes(r.Statement?.State ?? ''),
          200,
          deadline,
        );
        if (
          final.Statement?.State !== 'AVAILABLE' ||
          String(final.Statement.Output?.Status) !== 'ok'
        )
          throw new Error(`statement ${Id} ended ${final.Statement?.State ?? 'unknown'}`);
        latencies.push(performance.now() - sent);
      }
    } catch (err) {
      failed(`session ${index}`, err);
    } finally {
      await glue.send(new StopSessionCommand({ Id: id })).catch((err: unknown) => {
        // A session that was never created has nothing to stop; that error is already counted.
        if (!(err instanceof Error && err.name === 'EntityNotFoundException'))
          failed(`stop ${index}`, err);
      });
    }
  };

  try {
    await Promise.all(Array.from({ length: sessions }, (_, index) => runSession(index)));
    const totalMs = performance.now() - started;
    return {
      sessions,
      statementsPerSession,
      statementsCompleted: latencies.length,
      errors,
      errorSamples,
      totalMs,
      statementsPerSecond: latencies.length / (totalMs / 1000),
      statementLatencyMs: summarize(latencies),
      sessionReadyMs: summarize(readyTimes),
    };
  } finally {
    glue.destroy();
    agent.destroy();
    await local.stop();
  }
}
