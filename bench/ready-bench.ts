/**
 * §9 first statement after READY: each trial's first cell creates a session; the counting proxy
 * sees the first GetSession answer saying READY and the first RunStatement request, and the gap
 * between them is the kernel's reaction time. The gap from the moment the endpoint made the
 * session READY (CreateSession answer + provisioning delay, an estimate) adds the polling delay.
 */
import { performance } from 'node:perf_hooks';
import type { SessionKernel } from './session-kernel.js';
import { median } from './stats.js';

export interface ReadyTrial {
  sessionId: string;
  /** First READY seen by the kernel → its RunStatement request, ms. */
  readyObservedToRunMs: number;
  /** Estimated READY moment (CreateSession answer + provisioning delay) → RunStatement, ms. */
  readyEstimatedToRunMs: number;
  /** The whole first cell: execute_request → execute_reply, ms (includes provisioning). */
  firstCellMs: number;
}

export interface ReadyResult {
  provisioningDelayMs: number;
  trials: ReadyTrial[];
  readyObservedToRunMedianMs: number;
  readyEstimatedToRunMedianMs: number;
  firstCellMedianMs: number;
}

export async function benchFirstStatementAfterReady(
  kernel: SessionKernel,
  trials: number,
): Promise<ReadyResult> {
  const provisioningDelayMs = kernel.endpoint.faults.provisioningDelayMs ?? 300;
  const results: ReadyTrial[] = [];
  for (let trial = 0; trial < trials; trial++) {
    // The last trial's session stays up for the statement benchmarks that follow.
    if (trial > 0) await kernel.run('%stop_session', 30_000);
    const started = performance.now();
    const { ms } = await kernel.timeReply('x = 1', 60_000);
    const session = kernel.proxy.latestSession();
    if (!session || session.createdAt === undefined || (session.createdAt ?? 0) < started)
      throw new Error('the first cell did not create a new session');
    const { readyObservedAt, firstRunStatementAt, createdAt } = session;
    if (readyObservedAt === undefined || firstRunStatementAt === undefined)
      throw new Error(`session ${session.sessionId}: READY or RunStatement was not seen`);
    results.push({
      sessionId: session.sessionId,
      readyObservedToRunMs: firstRunStatementAt - readyObservedAt,
      readyEstimatedToRunMs: firstRunStatementAt - (createdAt + provisioningDelayMs),
      firstCellMs: ms,
    });
  }
  return {
    provisioningDelayMs,
    trials: results,
    readyObservedToRunMedianMs: median(results.map((t) => t.readyObservedToRunMs)),
    readyEstimatedToRunMedianMs: median(results.map((t) => t.readyEstimatedToRunMs)),
    firstCellMedianMs: median(results.map((t) => t.firstCellMs)),
  };
}
