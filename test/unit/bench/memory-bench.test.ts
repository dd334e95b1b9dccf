import { expect } from 'chai';
import { benchMemory } from '../../../bench/memory-bench.js';
import type { TimedReply } from '../../../bench/session-kernel.js';

/** A kernel stand-in whose RSS follows `rssAfter(statementsRun)`. */
function fakeKernel(rssAfter: (statements: number) => number) {
  let run = 0;
  const codes: string[] = [];
  return {
    codes,
    rss: async () => rssAfter(run),
    timeReply: async (code: string): Promise<TimedReply> => {
      codes.push(code);
      run += 1;
      return { ms: 1, reply: { status: 'ok', execution_count: run } };
    },
  };
}

describe('benchmark kernel memory sampling', () => {
  it('samples every N statements and reports the RSS at the judged count', async () => {
    const kernel = fakeKernel((n) => 50_000_000 + n * 1000);
    const result = await benchMemory(kernel, 400, 100, 200);
    expect(kernel.codes).to.have.length(400);
    expect(new Set(kernel.codes)).to.deep.equal(new Set(['x = 1']));
    expect(result.samples.map((s) => s.statements)).to.deep.equal([0, 100, 200, 300, 400]);
    expect(result).to.include({
      startRssBytes: 50_000_000,
      judgedAt: 200,
      judgedRssBytes: 50_200_000,
      endRssBytes: 50_400_000,
      slopeFromStatement: 200,
    });
    expect(result.slopeBytesPer1000).to.be.closeTo(1_000_000, 1e-6);
  });

  it('sees no trend once growth has stopped, however high the early steps went', async () => {
    const kernel = fakeKernel((n) => (n < 300 ? 60_000_000 + n * 100_000 : 90_000_000));
    const result = await benchMemory(kernel, 600, 100, 300);
    expect(result.slopeBytesPer1000).to.equal(0);
    expect(result.judgedRssBytes).to.equal(90_000_000);
  });

  it('fails clearly when the RSS cannot be read', async () => {
    const kernel = { ...fakeKernel(() => 0), rss: async () => undefined };
    let error: unknown;
    try {
      await benchMemory(kernel, 10, 5, 10);
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('RSS could not be read');
  });
});
