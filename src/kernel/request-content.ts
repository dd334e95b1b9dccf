/**
 * Request content arrives from the network: these readers check the fields the kernel uses and
 * turn a malformed request into a clear error reply instead of a crash.
 */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

type Fields = Record<string, unknown>;

function fields(content: unknown): Fields {
  return typeof content === 'object' && content !== null ? (content as Fields) : {};
}

export function requireString(content: unknown, name: string): string {
  const value = fields(content)[name];
  if (typeof value !== 'string') throw new BadRequestError(`The request needs a string "${name}".`);
  return value;
}

export function optionalBoolean(content: unknown, name: string, fallback: boolean): boolean {
  const value = fields(content)[name];
  return typeof value === 'boolean' ? value : fallback;
}

/** A cursor position; defaults to the end of `code` as the spec allows for old clients. */
export function cursorPos(content: unknown, code: string): number {
  const value = fields(content).cursor_pos;
  if (value === undefined || value === null) return code.length;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new BadRequestError('The request needs a non-negative integer "cursor_pos".');
  }
  return Math.min(value, code.length);
}

export function optionalInteger(content: unknown, name: string, fallback: number): number {
  const value = fields(content)[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}
