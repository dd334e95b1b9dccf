import { expect } from 'chai';
import {
  ExponentialBackoff,
  ProportionalBackoff,
  seededRandom,
} from '../../../../src/session/lifecycle/backoff.js';

describe('ExponentialBackoff', () => {
  it('starts near 20 ms and grows to at most 1 s, with seeded jitter', () => {
    const b = new ExponentialBackoff({ random: seededRandom(42) });
    const delays = Array.from({ length: 15 }, () => b.next());
    expect(delays[0]).to.be.within(16, 24);
    expect(Math.max(...delays)).to.be.at.most(1000);
    expect(delays.slice(-3).every((d) => d >= 800)).to.equal(true);
    const again = new ExponentialBackoff({ random: seededRandom(42) });
    expect(Array.from({ length: 15 }, () => again.next())).to.deep.equal(delays);
  });

  it('without jitter follows the geometric sequence', () => {
    const b = new ExponentialBackoff({ jitter: 0, factor: 2 });
    expect(Array.from({ length: 8 }, () => b.next())).to.deep.equal([
      20, 40, 80, 160, 320, 640, 1000, 1000,
    ]);
  });

  it('slows down beyond the cap when throttled, up to its own limit', () => {
    const b = new ExponentialBackoff({ jitter: 0 });
    b.next();
    b.slowDown();
    expect(b.next()).to.equal(1000);
    b.slowDown();
    b.slowDown();
    b.slowDown();
    b.slowDown();
    expect(b.next()).to.equal(8000);
  });

  it('keeps the number of polls logarithmic in the duration, then one per second', () => {
    const b = new ExponentialBackoff({ random: seededRandom(1) });
    let elapsed = 0;
    let polls = 0;
    while (elapsed < 5_000) {
      elapsed += b.next();
      polls++;
    }
    expect(polls).to.be.at.most(16);
  });
});

describe('ProportionalBackoff (statement polling)', () => {
  /** Poll times (ms since RunStatement) until `durationMs` has passed, and the first one after. */
  function pollsFor(durationMs: number, seed = 7): number[] {
    const b = new ProportionalBackoff({ random: seededRandom(seed) });
    const times: number[] = [];
    let t = 0;
    while (t < durationMs) {
      t += b.next();
      times.push(t);
    }
    return times;
  }

  it('polls first within 20 ms', () => {
    expect(pollsFor(1)[0]).to.be.at.most(20);
  });

  it('sees the end of a statement within 10 % of its duration + 50 ms', () => {
    for (const d of [100, 250, 1000, 3000, 9000]) {
      for (const seed of [1, 2, 3]) {
        const times = pollsFor(d, seed);
        const seenAt = times[times.length - 1]!;
        expect(seenAt - d, `${d} ms statement, seed ${seed}`).to.be.at.most(0.1 * d + 50);
      }
    }
  });

  it('makes logarithmically many polls, then at most one a second', () => {
    const ten = pollsFor(10_000).length;
    const hundred = pollsFor(100_000).length;
    expect(pollsFor(1000).length).to.be.at.most(16);
    expect(ten).to.be.at.most(40);
    // Past the cap, 90 more seconds cost at most about 90 more polls.
    expect(hundred - ten).to.be.within(85, 100);
  });

  it('never waits more than 1 s between polls unless throttled, then up to 8 s', () => {
    const b = new ProportionalBackoff({ random: seededRandom(3) });
    const normal = Array.from({ length: 200 }, () => b.next());
    expect(Math.max(...normal)).to.be.at.most(1000);
    for (let i = 0; i < 10; i++) b.slowDown();
    const throttled = Array.from({ length: 20 }, () => b.next());
    expect(Math.max(...throttled))
      .to.be.above(1000)
      .and.at.most(8000);
  });
});
