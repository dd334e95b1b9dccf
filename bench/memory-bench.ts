/**
 * §9 kernel memory: RSS of the kernel process while it runs many small statements on the local
 * endpoint, sampled every `every` statements. The trend is the least-squares slope over the
 * second half of the samples (after start-up allocation has settled), in bytes per 1,000
 * statements.
 */
import type { SessionKernel } from './session-kernel.js';
import { leastSquaresSlope } from './stats.js';

export interface MemorySample {
  statements: number;
  rssBytes: number;
}

export interface MemoryResult {
  statements: number;
  samples: MemorySample[];
  startRssBytes: number;
  endRssBytes: number;
  /** Slope over the samples from the halfway point on, bytes per 1,000 statements. */
  slopeBytesPer1000: number;
  slopeFromStatement: number;
}

export async function benchMemory(
  kernel: SessionKernel,
  statements: number,
  every: number,
): Promise<MemoryResult> {
  const sample = async (done: number): Promise<MemorySample> => {
    const rss = await kernel.rss();
    if (rss === undefined) throw new Error('the kernel RSS could not be read from /proc');
    return { statements: done, rssBytes: rss };
  };
  const samples = [await sample(0)];
  for (let done = 1; done <= statements; done++) {
    await kernel.timeReply('x = 1', 30_000);
    if (done % every === 0) samples.push(await sample(done));
  }
  const slopeFromStatement = Math.floor(statements / 2);
  const tail = samples.filter((s) => s.statements >= slopeFromStatement);
  const slope = leastSquaresSlope(tail.map((s) => ({ x: s.statements, y: s.rssBytes })));
  return {
    statements,
    samples,
    startRssBytes: samples[0]!.rssBytes,
    endRssBytes: samples.at(-1)!.rssBytes,
    slopeBytesPer1000: slope * 1000,
    slopeFromStatement,
  };
}
