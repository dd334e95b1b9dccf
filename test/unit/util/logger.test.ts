import { expect } from 'chai';
import { Writable } from 'node:stream';
import { stderrLogger } from '../../../src/util/logger.js';

/** A pipe whose reader has gone: every write fails the way Node reports EPIPE or EAGAIN. */
function brokenPipe(code: string): Writable & { attempts: number } {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      stream.attempts += 1;
      callback(Object.assign(new Error(`write ${code}`), { code }));
    },
  }) as Writable & { attempts: number };
  stream.attempts = 0;
  return stream;
}

describe('stderrLogger', () => {
  it('writes lines at or above its level', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const logger = stderrLogger('info', 'test', stream);
    logger.debug('hidden');
    logger.info('shown');
    expect(lines).to.deep.equal(['[test info] shown\n']);
  });

  for (const code of ['EPIPE', 'EAGAIN']) {
    it(`never throws, now or later, when the stream fails with ${code}`, async () => {
      const stream = brokenPipe(code);
      const logger = stderrLogger('debug', 'test', stream);
      expect(() => {
        logger.info('parent process exited');
        logger.error('and again');
      }).not.to.throw();
      // The failure surfaces as an 'error' event after write() returned: it must find a listener.
      await new Promise((resolve) => setImmediate(resolve));
      expect(stream.attempts).to.equal(1);
      expect(stream.destroyed).to.equal(true);
    });
  }

  it('never throws on a stream that throws from write() or was closed', () => {
    const throwing = {
      write(): never {
        throw new Error('EBADF');
      },
      on: () => undefined,
    };
    expect(() => stderrLogger('debug', 'test', throwing).warn('x')).not.to.throw();
    const closed = new Writable({ write: (_c, _e, callback) => callback() });
    closed.destroy();
    expect(() => stderrLogger('debug', 'test', closed).warn('x')).not.to.throw();
  });
});
