/**
 * Frames ↔ messages. Wire layout (jupyter_client Session.serialize):
 *   [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]
 * Decoding never throws: a malformed or badly signed message is an error result that the
 * transport logs and drops.
 */
import type { Header, JupyterMessage } from './messages.js';
import type { Signer } from './signer.js';

export const DELIMITER = Buffer.from('<IDS|MSG>', 'utf8');

export type DecodeResult =
  { ok: true; message: JupyterMessage; signature: string } | { ok: false; error: string };

export function encodeMessage(message: JupyterMessage, signer: Signer): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map(
    (part) => Buffer.from(JSON.stringify(part), 'utf8'),
  );
  const signature = Buffer.from(signer.sign(parts), 'utf8');
  return [...message.identities, DELIMITER, signature, ...parts, ...message.buffers];
}

export function decodeMessage(frames: readonly Buffer[], signer: Signer): DecodeResult {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (at < 0) return { ok: false, error: 'no <IDS|MSG> delimiter' };
  const rest = frames.slice(at + 1);
  if (rest.length < 5)
    return { ok: false, error: `expected 5 frames after the delimiter, got ${rest.length}` };
  const [signatureFrame, ...signed] = rest.slice(0, 5) as [Buffer, Buffer, Buffer, Buffer, Buffer];
  const signature = signatureFrame.toString('utf8');
  // Verify before parsing: unauthenticated bytes never reach JSON.parse.
  if (!signer.verify(signature, signed)) return { ok: false, error: 'invalid signature' };

  const parsed: unknown[] = [];
  for (const frame of signed) {
    try {
      parsed.push(JSON.parse(frame.toString('utf8')));
    } catch {
      return { ok: false, error: 'a frame is not valid JSON' };
    }
  }
  const [header, parentHeader, metadata, content] = parsed;
  if (!isHeader(header)) return { ok: false, error: 'header lacks msg_id or msg_type' };
  if (!isObject(parentHeader) || !isObject(metadata) || !isObject(content)) {
    return { ok: false, error: 'parent_header, metadata and content must be JSON objects' };
  }
  return {
    ok: true,
    signature,
    message: {
      identities: frames.slice(0, at).map((frame) => Buffer.from(frame)),
      header,
      parent_header: parentHeader as Partial<Header>,
      metadata,
      content,
      buffers: rest.slice(5).map((frame) => Buffer.from(frame)),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeader(value: unknown): value is Header {
  return isObject(value) && typeof value.msg_id === 'string' && typeof value.msg_type === 'string';
}
