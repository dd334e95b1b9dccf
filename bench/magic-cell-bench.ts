/**
 * §9 magic-only cell: round trip of `%region us-east-1` (execute_request → reply and idle), run
 * before any session exists, so it measures the kernel alone.
 */
import { performance } from 'node:perf_hooks';
import type { SessionKernel } from './session-kernel.js';
import { summarize, type Summary } from './stats.js';

export interface MagicCellResult {
  cell: string;
  runs: number;
  roundTripMs: Summary;
}

export const MAGIC_CELL = '%region us-east-1';

export async function benchMagicCell(
  kernel: SessionKernel,
  runs: number,
): Promise<MagicCellResult> {
  for (let i = 0; i < 20; i++) await kernel.run(MAGIC_CELL, 10_000);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await kernel.run(MAGIC_CELL, 10_000);
    samples.push(performance.now() - started);
  }
  return { cell: MAGIC_CELL, runs, roundTripMs: summarize(samples) };
}
