/**
 * §9 kernel memory: RSS of the kernel process while it runs small statements on the local
 * endpoint, sampled every `every` statements. The §9 figure is the RSS after `judgedAt`
 * statements; the run goes on to `statements` so the trend (least-squares slope from `judgedAt`
 * on, bytes per 1,000 statements) is not just V8 growing its heap in steps early on.
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
  /** RSS after `judgedAt` statements (the §9 figure). */
  judgedAt: number;
  judgedRssBytes: number;
  endRssBytes: number;
  /** Slope over the samples from `slopeFromStatement` on, bytes per 1,000 statements. */
  slopeBytesPer1000: number;
  slopeFromStatement: number;
}

export async function benchMemory(
  kernel: Pick<SessionKernel, 'rss' | 'timeReply'>,
  statements: number,
  every: number,
  judgedAt: number,
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
  const slopeFromStatement = statements > judgedAt ? judgedAt : Math.floor(statements / 2);
  const judged = samples.find((s) => s.statements === judgedAt) ?? samples.at(-1)!;
  const tail = samples.filter((s) => s.statements >= slopeFromStatement);
  const slope = leastSquaresSlope(tail.map((s) => ({ x: s.statements, y: s.rssBytes })));
  return {
    statements,
    samples,
    startRssBytes: samples[0]!.rssBytes,
    judgedAt: judged.statements,
    judgedRssBytes: judged.rssBytes,
    endRssBytes: samples.at(-1)!.rssBytes,
    slopeBytesPer1000: slope * 1000,
    slopeFromStatement,
  };
}
