/**
 * HMAC signatures of Jupyter messages. The scheme comes from the connection file
 * (`hmac-sha256`, `hmac-sha512`, ...); an empty key means messages are unsigned. Verification is
 * constant-time so a peer cannot learn the signature byte by byte from response timing.
 */
import { createHmac, getHashes, timingSafeEqual } from 'node:crypto';

export class SignatureSchemeError extends Error {
  constructor(scheme: string) {
    super(
      `Unsupported signature_scheme "${scheme}". Use "hmac-" followed by a hash such as sha256 ` +
        '(the Jupyter default).',
    );
    this.name = 'SignatureSchemeError';
  }
}

export class Signer {
  private readonly algorithm: string;
  private readonly key: Buffer;

  /** Throws SignatureSchemeError for a scheme Node cannot compute. */
  constructor(scheme: string, key: string | Buffer) {
    const match = /^hmac-([a-z0-9-]+)$/i.exec(scheme);
    const algorithm = match?.[1]?.toLowerCase();
    if (!algorithm || !getHashes().includes(algorithm)) throw new SignatureSchemeError(scheme);
    this.algorithm = algorithm;
    this.key = Buffer.isBuffer(key) ? key : Buffer.from(key, 'utf8');
  }

  get signs(): boolean {
    return this.key.length > 0;
  }

  /** Hex digest over header, parent header, metadata and content frames ('' when unsigned). */
  sign(frames: readonly Buffer[]): string {
    if (!this.signs) return '';
    const hmac = createHmac(this.algorithm, this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest('hex');
  }

  /** True when `signature` matches; any signature is accepted when unsigned (empty key). */
  verify(signature: string, frames: readonly Buffer[]): boolean {
    if (!this.signs) return true;
    const expected = Buffer.from(this.sign(frames), 'utf8');
    const actual = Buffer.from(signature, 'utf8');
    // timingSafeEqual needs equal lengths; the length of a hex digest is no secret.
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
