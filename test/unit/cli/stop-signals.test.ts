import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { signalExitCode, StopSignals, type StopSignal } from '../../../src/cli/stop-signals.js';

describe('stop signals of glue-kernel run', () => {
  it('reports each signal with its count, keeps the first and aborts once', () => {
    const source = new EventEmitter();
    const seen: [StopSignal, number][] = [];
    const stop = new StopSignals((signal, count) => seen.push([signal, count]), source);
    stop.install();
    expect(stop.received).to.equal(undefined);
    expect(stop.abortSignal.aborted).to.equal(false);
    source.emit('SIGTERM');
    source.emit('SIGINT');
    expect(seen).to.deep.equal([
      ['SIGTERM', 1],
      ['SIGINT', 2],
    ]);
    expect(stop.received).to.equal('SIGTERM');
    expect(stop.abortSignal.aborted).to.equal(true);
    stop.remove();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
      expect(source.listenerCount(signal)).to.equal(0);
  });

  it('listens to SIGHUP too (a closed terminal)', () => {
    const source = new EventEmitter();
    const stop = new StopSignals(() => undefined, source);
    stop.install();
    source.emit('SIGHUP');
    expect(stop.received).to.equal('SIGHUP');
    stop.remove();
  });

  it('exits with 128 + the signal number', () => {
    expect(signalExitCode('SIGINT')).to.equal(130);
    expect(signalExitCode('SIGTERM')).to.equal(143);
    expect(signalExitCode('SIGHUP')).to.equal(129);
  });
});
