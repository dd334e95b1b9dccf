import { expect } from 'chai';
import { ExponentialBackoff, seededRandom } from '../../../src/session/backoff.js';

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
