import { expect } from 'chai';
import {
  officialScheduledGetStatementCalls,
  ourScheduledGetStatementCalls,
  pollingCurve,
} from '../../../bench/polling-curve.js';
import { leastSquaresSlope, median, quantile, summarize } from '../../../bench/stats.js';

describe('benchmark statistics', () => {
  it('takes the median of odd and even sample counts without reordering the input', () => {
    const samples = [5, 1, 3];
    expect(median(samples)).to.equal(3);
    expect(samples).to.deep.equal([5, 1, 3]);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(Number.isNaN(median([]))).to.equal(true);
  });

  it('picks quantiles by nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(quantile(hundred, 0.95)).to.equal(95);
    expect(quantile(hundred, 0.99)).to.equal(99);
    expect(quantile(hundred, 0)).to.equal(1);
    expect(quantile(hundred, 1)).to.equal(100);
    expect(() => quantile(hundred, 1.5)).to.throw(RangeError, 'between 0 and 1');
  });

  it('fits the slope of a line, and of noisy flat data as about zero', () => {
    const line = [0, 100, 200, 300].map((x) => ({ x, y: 2 * x + 7 }));
    expect(leastSquaresSlope(line)).to.be.closeTo(2, 1e-12);
    const flat = [0, 100, 200, 300, 400].map((x, i) => ({ x, y: 50 + (i % 2 === 0 ? 1 : -1) }));
    expect(Math.abs(leastSquaresSlope(flat))).to.be.lessThan(0.01);
    expect(Number.isNaN(leastSquaresSlope([{ x: 1, y: 1 }]))).to.equal(true);
    const vertical = [
      { x: 1, y: 1 },
      { x: 1, y: 2 },
    ];
    expect(Number.isNaN(leastSquaresSlope(vertical))).to.equal(true);
  });

  it('summarizes count, median, tails and range', () => {
    expect(summarize([3, 1, 2])).to.deep.equal({
      count: 3,
      median: 2,
      p95: 3,
      p99: 3,
      min: 1,
      max: 3,
    });
  });
});

describe('GetStatement calls per statement from the polling schedules', () => {
  it('the official kernel: the immediate poll plus one per second', () => {
    expect(officialScheduledGetStatementCalls(100)).to.equal(2);
    expect(officialScheduledGetStatementCalls(1000)).to.equal(2);
    expect(officialScheduledGetStatementCalls(1004)).to.equal(3);
    expect(officialScheduledGetStatementCalls(60_000)).to.equal(61);
  });

  it('ours: logarithmic at first, then about one a second', () => {
    expect(ourScheduledGetStatementCalls(100)).to.be.at.most(4);
    const at20 = ourScheduledGetStatementCalls(20_000);
    const at60 = ourScheduledGetStatementCalls(60_000);
    expect(at60 - at20).to.be.within(40, 48); // 40 s at one poll per 0.85–1 s
    expect(ourScheduledGetStatementCalls(10_000)).to.be.lessThan(50);
  });

  it('puts measured medians beside the schedules, durations in order', () => {
    const curve = pollingCurve(
      { ours: new Map([[1500, 19]]), official: new Map([[1500, 3]]) },
      [3000, 100],
    );
    expect(curve.map((p) => p.durationMs)).to.deep.equal([100, 1500, 3000]);
    expect(curve[1]).to.include({ oursMeasured: 19, officialMeasured: 3, officialScheduled: 3 });
    expect(curve[0]!.oursMeasured).to.equal(undefined);
  });
});
