/**
 * §9 statement latency, measured for each kernel on the same endpoint, interleaved run by run
 * (the order alternates): `time.sleep(d)` statements timed from execute_request to
 * execute_reply, with the GetStatement calls the proxy counted for the statement and the
 * GetSession calls made during the cell. The "after a pause" class waits `pauseMs` without any
 * contact before each 0.1 s statement: a kernel that checks the session first shows it there.
 */
import { performance } from 'node:perf_hooks';
import type { PeerId } from './peers.js';
import type { SessionKernel } from './session-kernel.js';
import { median, summarize, type Summary } from './stats.js';
import { delay } from './kernel-launch.js';

export interface StatementSample {
  replyMs: number;
  /** CompletedOn − StartedOn reported by the endpoint. */
  backendMs: number | undefined;
  getStatementCalls: number;
  getSessionCalls: number;
}

export interface StatementClassResult {
  durationMs: number;
  /** Idle time before each statement (0: back to back). */
  pauseMs: number;
  runs: number;
  replyMs: Summary;
  /** median reply − nominal duration. */
  overheadMedianMs: number;
  getStatementCallsMedian: number;
  getStatementCallsMax: number;
  getSessionCallsMedian: number;
  backendMedianMs: number;
  samples: StatementSample[];
}

export interface StatementClass {
  durationMs: number;
  runs: number;
  pauseMs?: number;
}

export type StatementResults = Partial<Record<PeerId, StatementClassResult[]>>;

/** Every class for every kernel, interleaved; classes in the order given. */
export async function benchStatements(
  kernels: SessionKernel[],
  classes: StatementClass[],
  log: (line: string) => void,
): Promise<StatementResults> {
  const results: StatementResults = {};
  // Warm each session (the first statements of a new Python worker are slower).
  for (const k of kernels) for (let i = 0; i < 3; i++) await timeStatement(k, 0);
  for (const c of classes) {
    const pauseMs = c.pauseMs ?? 0;
    const samples = new Map<SessionKernel, StatementSample[]>(kernels.map((k) => [k, []]));
    for (let run = 0; run < c.runs; run++) {
      // The kernel that ran last waited least: with a pause, every kernel waits at least pauseMs.
      if (pauseMs > 0) await delay(pauseMs);
      const order = run % 2 === 0 ? kernels : [...kernels].reverse();
      for (const k of order) samples.get(k)!.push(await timeStatement(k, c.durationMs));
    }
    for (const [k, list] of samples) {
      (results[k.peer.id] ??= []).push(summarizeClass(c.durationMs, pauseMs, list));
    }
    log(
      `  ${c.durationMs / 1000} s${pauseMs ? ` after ${pauseMs / 1000} s idle` : ''}: ` +
        kernels
          .map(
            (k) => `${k.peer.label} ${median(samples.get(k)!.map((s) => s.replyMs)).toFixed(0)} ms`,
          )
          .join(', '),
    );
  }
  return results;
}

/**
 * Long statements for the calls-per-statement curve: every kernel at once (their sessions are
 * independent), each running the durations one after another; only the call counts are used.
 */
export async function benchLongStatements(
  kernels: SessionKernel[],
  durationsMs: number[],
  log: (line: string) => void,
): Promise<StatementResults> {
  const results: StatementResults = {};
  await Promise.all(
    kernels.map(async (k) => {
      for (const durationMs of durationsMs) {
        const sample = await timeStatement(k, durationMs);
        (results[k.peer.id] ??= []).push(summarizeClass(durationMs, 0, [sample]));
      }
    }),
  );
  log(
    `  long statements (${durationsMs.map((d) => `${d / 1000} s`).join(', ')}): GetStatement calls ` +
      kernels
        .map(
          (k) =>
            `${k.peer.label} ${results[k.peer.id]!.map((c) => c.getStatementCallsMedian).join('/')}`,
        )
        .join(', '),
  );
  return results;
}

/** Sessions of the kernels, learnt from their statements (a kernel keeps one session here). */
const sessionOf = new WeakMap<SessionKernel, string>();

async function timeStatement(kernel: SessionKernel, durationMs: number): Promise<StatementSample> {
  const code = `import time; time.sleep(${durationMs / 1000})`;
  const session = sessionOf.get(kernel);
  const getSessionBefore = session ? kernel.proxy.session(session).getSessionCalls : 0;
  const started = performance.now();
  const { ms } = await kernel.timeReply(code, durationMs + 30_000);
  const trace = kernel.proxy.latestStatement(session);
  if (!trace || trace.runRequestAt < started || trace.state !== 'AVAILABLE')
    throw new Error(`${kernel.peer.label}: no AVAILABLE GetStatement was seen for ${code}`);
  sessionOf.set(kernel, trace.sessionId);
  const getSessionAfter = kernel.proxy.session(trace.sessionId).getSessionCalls;
  return {
    replyMs: ms,
    backendMs: trace.backendMs,
    getStatementCalls: trace.getStatementCalls,
    getSessionCalls: session === trace.sessionId ? getSessionAfter - getSessionBefore : Number.NaN,
  };
}

export function summarizeClass(
  durationMs: number,
  pauseMs: number,
  samples: StatementSample[],
): StatementClassResult {
  const replies = samples.map((s) => s.replyMs);
  const calls = samples.map((s) => s.getStatementCalls);
  const backends = samples.flatMap((s) => (s.backendMs === undefined ? [] : [s.backendMs]));
  return {
    durationMs,
    pauseMs,
    runs: samples.length,
    replyMs: summarize(replies),
    overheadMedianMs: median(replies) - durationMs,
    getStatementCallsMedian: median(calls),
    getStatementCallsMax: Math.max(...calls),
    getSessionCallsMedian: median(samples.map((s) => s.getSessionCalls)),
    backendMedianMs: backends.length ? median(backends) : durationMs,
    samples,
  };
}
