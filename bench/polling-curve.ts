/**
 * GetStatement calls per statement as a function of its duration, from each kernel's polling
 * schedule (computed, not measured; the bench's measured points sit beside it):
 * - ours: ProportionalBackoff (src/session/lifecycle/backoff.ts) with its jitter at the midpoint; a
 *   statement of d ms costs the polls until one lands at or after d;
 * - the official kernel: a GetStatement right after RunStatement, then one after every fixed
 *   1 s sleep (WAIT_TIME in its source), so ceil(d / 1 s) + 1 calls; plus a GetSession before
 *   each statement.
 */
import { ProportionalBackoff } from '../src/session/lifecycle/backoff.js';

export const CURVE_DURATIONS_MS = [
  100, 250, 500, 1000, 1500, 2000, 3000, 5000, 10_000, 20_000, 30_000, 45_000, 60_000,
];

export const OFFICIAL_POLL_INTERVAL_MS = 1000;

export function ourScheduledGetStatementCalls(durationMs: number): number {
  const backoff = new ProportionalBackoff({ random: () => 0.5 });
  let waited = 0;
  let calls = 0;
  while (waited < durationMs) {
    waited += backoff.next();
    calls++;
  }
  return calls;
}

export function officialScheduledGetStatementCalls(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / OFFICIAL_POLL_INTERVAL_MS)) + 1;
}

export interface CurvePoint {
  durationMs: number;
  oursScheduled: number;
  officialScheduled: number;
  /** Median measured in this run, where a statement of this duration was run. */
  oursMeasured?: number;
  officialMeasured?: number;
}

export function pollingCurve(
  measured: { ours: Map<number, number>; official: Map<number, number> },
  durationsMs: number[] = CURVE_DURATIONS_MS,
): CurvePoint[] {
  const all = [...new Set([...durationsMs, ...measured.ours.keys(), ...measured.official.keys()])];
  return all
    .sort((a, b) => a - b)
    .map((durationMs) => ({
      durationMs,
      oursScheduled: ourScheduledGetStatementCalls(durationMs),
      officialScheduled: officialScheduledGetStatementCalls(durationMs),
      oursMeasured: measured.ours.get(durationMs),
      officialMeasured: measured.official.get(durationMs),
    }));
}
