import { expect } from 'chai';
import { ReplayGuard } from '../../../src/protocol/replay-guard.js';
import { SendQueue } from '../../../src/protocol/send-queue.js';

describe('ReplayGuard', () => {
  it('accepts a signature once and refuses it again', () => {
    const guard = new ReplayGuard();
    expect(guard.accept('a')).to.equal(true);
    expect(guard.accept('a')).to.equal(false);
    expect(guard.accept('b')).to.equal(true);
  });

  it('stays bounded, forgetting the oldest signatures first', () => {
    const guard = new ReplayGuard(100);
    for (let i = 0; i < 1000; i++) guard.accept(`sig-${i}`);
    expect(guard.size).to.be.at.most(100);
    expect(guard.accept('sig-999')).to.equal(false);
  });

  it("refuses a replay after as many other messages as jupyter_client's history holds", () => {
    // jupyter_client.session.Session.digest_history_size is 2**16.
    const guard = new ReplayGuard();
    const hex = (i: number): string => i.toString(16).padStart(64, '0');
    expect(guard.accept(hex(0))).to.equal(true);
    for (let i = 1; i < 65_536; i++) guard.accept(hex(i));
    expect(guard.accept(hex(0)), 'replayed after 65,535 other messages').to.equal(false);
    for (let i = 65_536; i < 140_000; i++) guard.accept(hex(i));
    expect(guard.size, 'memory stays bounded').to.equal(65_536);
    expect(guard.accept(hex(139_000))).to.equal(false);
  });

  it('lets unsigned messages through (nothing to compare)', () => {
    const guard = new ReplayGuard();
    expect(guard.accept('')).to.equal(true);
    expect(guard.accept('')).to.equal(true);
  });
});

describe('SendQueue', () => {
  it('never has two sends pending on the sink, keeps order, survives a failure', async () => {
    let pending = 0;
    let maxPending = 0;
    const sent: string[] = [];
    const queue = new SendQueue({
      send: async (frames) => {
        pending += 1;
        maxPending = Math.max(maxPending, pending);
        await new Promise((resolve) => setTimeout(resolve, 2));
        pending -= 1;
        const text = frames[0]!.toString();
        if (text === 'bad') throw new Error('EBUSY-like failure');
        sent.push(text);
      },
    });
    const results = await Promise.allSettled(
      ['a', 'b', 'bad', 'c'].map((t) => queue.send([Buffer.from(t)])),
    );
    expect(maxPending).to.equal(1);
    expect(sent).to.deep.equal(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).to.deep.equal([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
  });
});
