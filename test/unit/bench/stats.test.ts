import { expect } from 'chai';
import {
  OFFICIAL_POLL_INTERVAL_MS,
  officialGetStatementCalls,
  officialReplyMs,
} from '../../../bench/polling-model.js';
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

describe('official kernel polling model', () => {
  it('answers on the next whole second, never before the first one', () => {
    expect(OFFICIAL_POLL_INTERVAL_MS).to.equal(1000);
    expect(officialReplyMs(100)).to.equal(1000);
    expect(officialReplyMs(1000)).to.equal(1000);
    expect(officialReplyMs(1004)).to.equal(2000);
    expect(officialReplyMs(3002)).to.equal(4000);
  });

  it('counts the immediate poll plus one per second', () => {
    expect(officialGetStatementCalls(100)).to.equal(2);
    expect(officialGetStatementCalls(1004)).to.equal(3);
    expect(officialGetStatementCalls(3002)).to.equal(5);
  });
});
