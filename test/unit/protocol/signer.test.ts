import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Signer, SignatureSchemeError } from '../../../src/protocol/signer.js';
import { decodeMessage } from '../../../src/protocol/wire-codec.js';

interface Vector {
  scheme: string;
  key: string;
  wire: string[];
  signature: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/protocol/signer-vectors.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

describe('Signer (golden vectors from jupyter_client Session)', () => {
  for (const vector of fixture.vectors) {
    const label = `${vector.scheme}, ${vector.key === '' ? 'empty key' : `key ${JSON.stringify(vector.key)}`}`;
    const signed = vector.wire.slice(3, 7).map((frame) => Buffer.from(frame, 'utf8'));

    it(`signs like jupyter_client (${label})`, () => {
      expect(new Signer(vector.scheme, vector.key).sign(signed)).to.equal(vector.signature);
    });

    it(`verifies and decodes the reference frames (${label})`, () => {
      const result = decodeMessage(
        vector.wire.map((frame) => Buffer.from(frame, 'utf8')),
        new Signer(vector.scheme, vector.key),
      );
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.message.identities.map(String)).to.deep.equal(['client-identity']);
      expect(result.message.header.msg_type).to.equal('execute_request');
      expect(result.message.content).to.deep.include({ code: "print('héllo')\n%region us-east-1" });
    });
  }

  it('has vectors for sha256, sha512 and an empty key', () => {
    const schemes = fixture.vectors.map((v) => v.scheme);
    expect(schemes).to.include.members(['hmac-sha256', 'hmac-sha512']);
    expect(fixture.vectors.some((v) => v.key === '' && v.signature === '')).to.equal(true);
  });

  it('rejects a signature made with another key or scheme, or cut short', () => {
    const vector = fixture.vectors[0]!;
    const frames = vector.wire.slice(3, 7).map((frame) => Buffer.from(frame));
    expect(new Signer(vector.scheme, vector.key).verify(vector.signature, frames)).to.equal(true);
    expect(new Signer(vector.scheme, 'other key').verify(vector.signature, frames)).to.equal(false);
    expect(new Signer('hmac-sha512', vector.key).verify(vector.signature, frames)).to.equal(false);
    expect(
      new Signer(vector.scheme, vector.key).verify(vector.signature.slice(0, 10), frames),
    ).to.equal(false);
    expect(new Signer(vector.scheme, vector.key).verify('', frames)).to.equal(false);
  });

  it('accepts anything when the key is empty (unsigned connection)', () => {
    const signer = new Signer('hmac-sha256', '');
    expect(signer.signs).to.equal(false);
    expect(signer.sign([Buffer.from('{}')])).to.equal('');
    expect(signer.verify('whatever', [Buffer.from('{}')])).to.equal(true);
  });

  it('refuses an unknown scheme with a hint', () => {
    expect(() => new Signer('hmac-nope', 'k')).to.throw(SignatureSchemeError, /hmac-/);
    expect(() => new Signer('sha256', 'k')).to.throw(
      SignatureSchemeError,
      /Unsupported signature_scheme "sha256"/,
    );
  });
});
