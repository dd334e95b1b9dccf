/**
 * The first code cell, which creates the session, and §9's "first statement starts within
 * 300 ms of the session becoming READY", for each kernel, interleaved: each trial stops the
 * kernel's session (%stop_session) and runs `x = 1`, which creates a new one. The proxy sees
 * when the kernel learnt the session was READY and when its RunStatement arrived.
 */
import { performance } from 'node:perf_hooks';
import type { PeerId } from './peers.js';
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

/** One trial: a new session for `kernel` (stopping its current one first, if any). */
export async function firstCellTrial(
  kernel: SessionKernel,
  stopFirst: boolean,
): Promise<ReadyTrial> {
  const provisioningDelayMs = kernel.endpoint.faults.provisioningDelayMs ?? 300;
  if (stopFirst) await kernel.run('%stop_session', 30_000);
  const started = performance.now();
  const { ms } = await kernel.timeReply('x = 1', 60_000);
  const session = kernel.proxy.latestSession();
  if (!session || session.createdAt === undefined || (session.createdAt ?? 0) < started)
    throw new Error(`${kernel.peer.label}: the first cell did not create a new session`);
  const { readyObservedAt, firstRunStatementAt, createdAt } = session;
  if (readyObservedAt === undefined || firstRunStatementAt === undefined)
    throw new Error(`session ${session.sessionId}: READY or RunStatement was not seen`);
  return {
    sessionId: session.sessionId,
    readyObservedToRunMs: firstRunStatementAt - readyObservedAt,
    readyEstimatedToRunMs: firstRunStatementAt - (createdAt + provisioningDelayMs),
    firstCellMs: ms,
  };
}

/** `trials` new sessions per kernel, alternating between the kernels. */
export async function benchFirstCell(
  kernels: SessionKernel[],
  trials: number,
  log: (line: string) => void,
): Promise<Partial<Record<PeerId, ReadyResult>>> {
  const byKernel = new Map<SessionKernel, ReadyTrial[]>(kernels.map((k) => [k, []]));
  for (let trial = 0; trial < trials; trial++) {
    const order = trial % 2 === 0 ? kernels : [...kernels].reverse();
    for (const kernel of order) byKernel.get(kernel)!.push(await firstCellTrial(kernel, trial > 0));
    log(
      `  first cell ${trial + 1}/${trials}: ` +
        kernels
          .map((k) => `${k.peer.label} ${byKernel.get(k)!.at(-1)!.firstCellMs.toFixed(0)} ms`)
          .join(', '),
    );
  }
  const results: Partial<Record<PeerId, ReadyResult>> = {};
  for (const [kernel, list] of byKernel) results[kernel.peer.id] = summarizeTrials(kernel, list);
  return results;
}

export function summarizeTrials(kernel: SessionKernel, trials: ReadyTrial[]): ReadyResult {
  return {
    provisioningDelayMs: kernel.endpoint.faults.provisioningDelayMs ?? 300,
    trials,
    readyObservedToRunMedianMs: median(trials.map((t) => t.readyObservedToRunMs)),
    readyEstimatedToRunMedianMs: median(trials.map((t) => t.readyEstimatedToRunMs)),
    firstCellMedianMs: median(trials.map((t) => t.firstCellMs)),
  };
}
