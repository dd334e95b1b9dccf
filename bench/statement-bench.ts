/**
 * §9 statement latency on the local endpoint: `time.sleep(d)` statements, timed from
 * execute_request to execute_reply, with the GetStatement calls the proxy counted for each and
 * the official kernel's fixed 1 s polling as a model column (computed, not measured).
 */
import { officialGetStatementCalls, officialReplyMs } from './polling-model.js';
import type { SessionKernel } from './session-kernel.js';
import { median, summarize, type Summary } from './stats.js';

export interface StatementSample {
  replyMs: number;
  /** CompletedOn − StartedOn reported by the endpoint. */
  backendMs: number | undefined;
  getStatementCalls: number;
}

export interface StatementClassResult {
  durationMs: number;
  runs: number;
  replyMs: Summary;
  /** median reply − nominal duration. */
  overheadMedianMs: number;
  /** The §9 allowance for this duration: 10 % + 50 ms (100 ms statements: reply ≤ 150 ms). */
  allowedOverheadMs: number;
  getStatementCallsMedian: number;
  getStatementCallsMax: number;
  backendMedianMs: number;
  /** Model of the official kernel's fixed 1 s polling for the median backend duration. */
  officialModelReplyMs: number;
  officialModelGetStatementCalls: number;
  samples: StatementSample[];
}

export async function benchStatementClass(
  kernel: SessionKernel,
  durationMs: number,
  runs: number,
): Promise<StatementClassResult> {
  const code = `import time; time.sleep(${durationMs / 1000})`;
  const samples: StatementSample[] = [];
  for (let i = 0; i < runs; i++) {
    const { ms } = await kernel.timeReply(code, durationMs + 30_000);
    const trace = kernel.proxy.latestStatement();
    if (!trace || trace.state !== 'AVAILABLE')
      throw new Error(`statement ${i + 1} of ${durationMs} ms: no AVAILABLE GetStatement was seen`);
    samples.push({
      replyMs: ms,
      backendMs: trace.backendMs,
      getStatementCalls: trace.getStatementCalls,
    });
  }
  const replies = samples.map((s) => s.replyMs);
  const calls = samples.map((s) => s.getStatementCalls);
  const backends = samples.flatMap((s) => (s.backendMs === undefined ? [] : [s.backendMs]));
  const backendMedianMs = backends.length ? median(backends) : durationMs;
  return {
    durationMs,
    runs,
    replyMs: summarize(replies),
    overheadMedianMs: median(replies) - durationMs,
    allowedOverheadMs: durationMs <= 100 ? 50 : durationMs * 0.1 + 50,
    getStatementCallsMedian: median(calls),
    getStatementCallsMax: Math.max(...calls),
    backendMedianMs,
    officialModelReplyMs: officialReplyMs(backendMedianMs),
    officialModelGetStatementCalls: officialGetStatementCalls(backendMedianMs),
    samples,
  };
}
