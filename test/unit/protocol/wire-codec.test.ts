import { expect } from 'chai';
import { MessageFactory } from '../../../src/protocol/messages.js';
import { Signer } from '../../../src/protocol/signer.js';
import { DELIMITER, decodeMessage, encodeMessage } from '../../../src/protocol/wire-codec.js';

const signer = new Signer('hmac-sha256', 'codec-key');
const factory = new MessageFactory({ session: 's1', username: 'u' });

function sample() {
  const message = factory.message(
    'execute_request',
    { code: 'x = "ünï"\n', silent: false },
    { identities: [Buffer.from('id-a'), Buffer.from('id-b')], metadata: { cellId: 'c1' } },
  );
  message.buffers = [Buffer.from([0, 1, 2, 255])];
  return message;
}

describe('wire codec', () => {
  it('round-trips identities, header, parent, metadata, content and buffers', () => {
    const message = sample();
    const frames = encodeMessage(message, signer);
    expect(frames[2]!.equals(DELIMITER)).to.equal(true);
    const decoded = decodeMessage(frames, signer);
    expect(decoded.ok).to.equal(true);
    if (!decoded.ok) return;
    expect(decoded.message).to.deep.equal(message);
    expect(decoded.signature).to.equal(frames[3]!.toString());
  });

  it('round-trips a message with no identities (iopub)', () => {
    const message = factory.message('status', { execution_state: 'idle' });
    const decoded = decodeMessage(encodeMessage(message, signer), signer);
    expect(decoded.ok && decoded.message.identities).to.deep.equal([]);
  });

  const malformed: [string, (frames: Buffer[]) => Buffer[], RegExp][] = [
    ['no delimiter', (f) => f.filter((x) => !x.equals(DELIMITER)), /delimiter/],
    ['too few frames', (f) => f.slice(0, 5), /expected 5 frames/],
    [
      'a tampered content frame',
      (f) => [...f.slice(0, 7), Buffer.from('{"code":"evil"}')],
      /invalid signature/,
    ],
    [
      'an empty signature',
      (f) => [...f.slice(0, 3), Buffer.alloc(0), ...f.slice(4)],
      /invalid signature/,
    ],
  ];
  for (const [name, mangle, error] of malformed) {
    it(`returns an error result (never throws) for ${name}`, () => {
      const result = decodeMessage(mangle(encodeMessage(sample(), signer)), signer);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.error).to.match(error);
    });
  }

  it('reports frames that are signed but not JSON objects', () => {
    const unsigned = new Signer('hmac-sha256', '');
    const bad = (parts: string[]) => [
      DELIMITER,
      Buffer.from(''),
      ...parts.map((p) => Buffer.from(p)),
    ];
    const notJson = decodeMessage(bad(['{', '{}', '{}', '{}']), unsigned);
    expect(notJson).to.deep.equal({ ok: false, error: 'a frame is not valid JSON' });
    const noType = decodeMessage(bad(['{"msg_id":"1"}', '{}', '{}', '{}']), unsigned);
    expect(noType.ok).to.equal(false);
    const arrayContent = decodeMessage(
      bad(['{"msg_id":"1","msg_type":"x"}', '{}', '{}', '[]']),
      unsigned,
    );
    expect(arrayContent.ok).to.equal(false);
  });

  it('never throws on arbitrary frames', () => {
    const junk = [
      [],
      [Buffer.alloc(0)],
      [DELIMITER],
      [Buffer.from([0xff, 0xfe]), DELIMITER, Buffer.from('x')],
    ];
    for (const frames of junk) expect(decodeMessage(frames, signer).ok).to.equal(false);
  });
});
