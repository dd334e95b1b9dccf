/**
 * The values `%%configure`, `%%tags` and `%%assume_role` bodies hold, as Python's
 * `ast.literal_eval` gives them, and their Python `repr` (how the official kernel echoes them and
 * how a non-string `%%configure` value becomes a `--key` argument: `str(value)`).
 *
 * Numbers: an int within ±(2^53 - 1) and every float are a `number`; an int beyond is a `bigint`,
 * so a large account number or id reaches Glue digit for digit. An integral float (`1.0`) reads
 * as the number 1, so it prints as `1`: a setting does not tell 1 from 1.0.
 */
export type LiteralValue =
  string | number | bigint | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

/** A Python tuple: an array to its readers (a setting takes it as a list), printed as a tuple. */
export class PythonTuple extends Array<LiteralValue> {}

export function pythonTuple(items: LiteralValue[]): PythonTuple {
  const tuple = new PythonTuple();
  for (const item of items) tuple.push(item);
  return tuple;
}

/**
 * A parsed dict's keys in the order they were written. JavaScript objects list integer-like keys
 * ('2') first, Python dicts keep insertion order: the repr (an echo, or a `--key` value sent to
 * Glue) follows the source, as the official kernel's does.
 */
const SOURCE_ORDER = Symbol('source key order');

export type LiteralDict = { [key: string]: LiteralValue };

/** Records `keys` (in the order written, each once) as the order of `dict`'s entries. */
export function keepKeyOrder(dict: LiteralDict, keys: readonly string[]): void {
  Object.defineProperty(dict, SOURCE_ORDER, { value: [...new Set(keys)], enumerable: false });
}

/** A dict's entries in the order they were written (parsed dicts), else in the object's order. */
export function dictEntries(dict: LiteralDict): [string, LiteralValue][] {
  const order = (dict as { [SOURCE_ORDER]?: string[] })[SOURCE_ORDER];
  if (!order) return Object.entries(dict);
  return order.filter((key) => Object.hasOwn(dict, key)).map((key) => [key, dict[key]!]);
}

/** The dict with each value replaced by `fn(value, key)`, its keys in the same order. */
export function mapDictValues(
  dict: LiteralDict,
  fn: (value: LiteralValue, key: string) => LiteralValue,
): LiteralDict {
  const entries = dictEntries(dict);
  const mapped = Object.fromEntries(entries.map(([key, value]) => [key, fn(value, key)]));
  keepKeyOrder(
    mapped,
    entries.map(([key]) => key),
  );
  return mapped;
}

/** Python's repr of a literal value. */
export function pythonRepr(value: LiteralValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return numberRepr(value);
  if (typeof value === 'string') return stringRepr(value);
  if (value instanceof PythonTuple) {
    const items = value.map(pythonRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const entries = dictEntries(value).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`);
  return `{${entries.join(', ')}}`;
}

function numberRepr(value: number): string {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  return floatRepr(value);
}

/**
 * Python's float repr: the shortest digits that read back as the same double (as JavaScript's),
 * in fixed notation when the decimal point falls within -4 < position <= 16, else `1e+16` style.
 */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const [mantissa = '0', exponent = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const point = Number(exponent) + 1; // digits before the decimal point
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const exp = point - 1;
  const expText = String(Math.abs(exp)).padStart(2, '0');
  return `${sign}${digits[0]}${fraction}e${exp < 0 ? '-' : '+'}${expText}`;
}

/** Characters Python's str.isprintable() refuses (space aside), which repr escapes. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function stringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === ' ' || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
