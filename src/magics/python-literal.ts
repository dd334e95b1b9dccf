/**
 * Reads the literals notebooks put in `%%configure`, `%%tags` and `%%assume_role` bodies. The
 * official kernel reads them with Python's `ast.literal_eval`, so this follows Python's grammar
 * (strings with their prefixes, escapes and implicit concatenation, ints in any base, floats,
 * tuples, line joining, comments) and is checked against `ast.literal_eval` itself by a
 * differential test (test/integration/python-literal-differential.test.ts). One extension: users
 * coming from JSON write true/false/null, read as True/False/None.
 *
 * Refused on purpose, with a message saying so, although Python reads them: bytes, sets, complex
 * numbers, `...`, `\N{name}` escapes and dict keys other than strings (no setting holds them).
 * There is no maintained npm port of literal_eval, hence this reader.
 */
import { quoteInput } from '../util/quote-input.js';
import { keepKeyOrder, pythonTuple, type LiteralValue } from './python-value.js';

export { pythonRepr, PythonTuple, type LiteralValue } from './python-value.js';

/** A syntax error with its position; `atEnd` means more input could still complete the text. */
export class LiteralSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly atEnd: boolean,
  ) {
    super(message);
    this.name = 'LiteralSyntaxError';
  }
}

/** A Map: the word looked up is user text (`constructor` must not find Object's). */
const KEYWORDS = new Map<string, LiteralValue>([
  ['True', true],
  ['False', false],
  ['None', null],
  ['true', true],
  ['false', false],
  ['null', null],
]);

const SIMPLE_ESCAPES = new Map<string, string>([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
]);

/** CPython's tokenizer refuses more nested brackets ("too many nested parentheses"). */
const MAX_NESTING = 200;
/** CPython's default limit on the digits of a decimal int (sys.int_info.default_max_str_digits). */
const MAX_DECIMAL_DIGITS = 4300;

/** Python's number tokens (with `_` between digits); a trailing j makes it imaginary. */
const NUMBER =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][-+]?\d(?:_?\d)*)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING_PREFIX = /([rR][bBfF]?|[bBfF][rR]?|[uU])?(?=['"])/y;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Parses one literal that must make up the whole text (surrounding whitespace and comments ok). */
export function parsePythonLiteral(source: string): LiteralValue {
  // Python reads \r\n and \r as \n, in strings too.
  const reader = new LiteralReader(source.replace(/\r\n?/g, '\n'));
  reader.refuseUnreadableCharacters();
  reader.skipLeadingLines();
  if (reader.done()) throw reader.error('Expected a value but the text is empty', true);
  const value = reader.topLevel();
  reader.skipTrailingLines();
  if (!reader.done()) throw reader.error(`Unexpected ${reader.describeNext()} after the value`);
  return value;
}

class LiteralReader {
  private pos = 0;
  /** Open brackets: inside them newlines are blanks, outside they end the value. */
  private depth = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  error(message: string, atEnd = false): LiteralSyntaxError {
    const before = this.text.slice(0, this.pos);
    const line = before.split('\n').length;
    const column = this.pos - (before.lastIndexOf('\n') + 1) + 1;
    return new LiteralSyntaxError(
      `${message} (line ${line}, column ${column})`,
      this.pos,
      line,
      column,
      atEnd,
    );
  }

  describeNext(): string {
    const ch = this.text[this.pos];
    return ch === undefined ? 'end of text' : `character '${ch}'`;
  }

  /** Python refuses source holding NUL characters or unpaired surrogates, even inside strings. */
  refuseUnreadableCharacters(): void {
    const at = this.text.search(/\0/);
    const surrogate = this.text.search(LONE_SURROGATE);
    if (at >= 0 || surrogate >= 0) {
      this.pos = at >= 0 ? at : surrogate;
      throw this.error(
        at >= 0 ? 'The text holds a NUL character' : 'The text holds an unpaired surrogate',
      );
    }
  }

  /** Blank and comment lines may come first; the value's own line may not be indented. */
  skipLeadingLines(): void {
    // Python's literal_eval strips the first line's spaces and tabs, not its form feeds.
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
    for (;;) {
      const lineStart = this.pos;
      while (/[ \t\f]/.test(this.text[this.pos] ?? '')) this.pos++;
      const indent = this.text.slice(lineStart, this.pos);
      if (this.text[this.pos] === '#') {
        while (!this.done() && this.text[this.pos] !== '\n') this.pos++;
      }
      const ch = this.text[this.pos];
      if (ch === '\n') {
        this.pos++;
      } else if (ch === '\\' && this.text[this.pos + 1] === '\n') {
        if (this.pos + 2 === this.text.length)
          throw this.error('The text ends after a \\ line join', true);
        this.pos += 2;
      } else {
        if (ch !== undefined && /[ \t]/.test(indent.slice(indent.lastIndexOf('\f') + 1))) {
          this.pos = lineStart;
          throw this.error('Unexpected indent before the value');
        }
        return;
      }
    }
  }

  skipTrailingLines(): void {
    for (this.skipSpace(false); this.text[this.pos] === '\n'; this.skipSpace(false)) this.pos++;
  }

  /** Blanks, comments and `\` line joins; newlines only where `newlines` (inside brackets). */
  private skipSpace(newlines = this.depth > 0): void {
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else if (ch === '\\' && this.text[this.pos + 1] === '\n') {
        if (this.pos + 2 === this.text.length)
          throw this.error('The text ends after a \\ line join', true);
        this.pos += 2;
      } else if (ch === ' ' || ch === '\t' || ch === '\f' || (ch === '\n' && newlines)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  /** The whole text's value: `1, 2` without brackets is a tuple, as in Python. */
  topLevel(): LiteralValue {
    const first = this.value();
    this.skipSpace();
    if (this.text[this.pos] !== ',') return first;
    const items = [first];
    while (this.text[this.pos] === ',') {
      this.pos++;
      this.skipSpace();
      if (this.done() || this.text[this.pos] === '\n') break;
      items.push(this.value());
      this.skipSpace();
    }
    return pythonTuple(items);
  }

  private value(): LiteralValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === undefined) throw this.error('Unexpected end of text, a value is missing', true);
    if (ch === '{') return this.braces();
    if (ch === '[') return this.list();
    if (ch === '(') return this.parenthesised();
    if (ch === '-' || ch === '+') return this.signedNumber();
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(this.text[this.pos + 1] ?? ''))) {
      return this.number().value;
    }
    if (this.text.startsWith('...', this.pos))
      throw this.error('Ellipsis (...) is not a setting value');
    STRING_PREFIX.lastIndex = this.pos;
    if (STRING_PREFIX.test(this.text)) return this.strings();
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text)?.[0];
    if (word !== undefined && KEYWORDS.has(word)) {
      this.pos += word.length;
      return KEYWORDS.get(word)!;
    }
    if (word !== undefined) {
      throw this.error(
        `'${quoteInput(word)}' is not a literal; quote strings ('${quoteInput(word)}')`,
      );
    }
    throw this.error(`Unexpected ${this.describeNext()}`);
  }

  private open(): void {
    if (this.depth >= MAX_NESTING) {
      throw this.error(`Too many nested brackets (Python allows ${MAX_NESTING})`);
    }
    this.depth++;
    this.pos++;
  }

  private close(): void {
    this.depth--;
    this.pos++;
  }

  /** `{}` and dicts; a set (`{1, 2}`) is refused: it has no order and no setting takes one. */
  private braces(): { [key: string]: LiteralValue } {
    const result: { [key: string]: LiteralValue } = {};
    const keys: string[] = [];
    this.open();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.close();
        keepKeyOrder(result, keys);
        return result;
      }
      const keyStart = this.pos;
      const key = this.value();
      this.skipSpace();
      const next = this.text[this.pos];
      if (next !== ':' && Object.keys(result).length === 0 && (next === ',' || next === '}')) {
        this.pos = keyStart;
        throw this.error('A set ({...} without keys) is not a setting value; use a list [...]');
      }
      if (typeof key !== 'string') {
        this.pos = keyStart;
        throw this.error('Dictionary keys must be strings');
      }
      if (next !== ':') {
        throw this.error(`Expected ':' after the key '${quoteInput(key)}'`, this.done());
      }
      this.pos++;
      // Defined, not assigned: a '__proto__' key is a key like any other, not the prototype.
      Object.defineProperty(result, key, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      keys.push(key);
      if (!this.separator('}')) {
        keepKeyOrder(result, keys);
        return result;
      }
    }
  }

  private list(): LiteralValue[] {
    const items: LiteralValue[] = [];
    this.open();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === ']') {
        this.close();
        return items;
      }
      items.push(this.value());
      if (!this.separator(']')) return items;
    }
  }

  /** `(x)` is x; `()`, `(x,)` and `(x, y)` are tuples. */
  private parenthesised(): LiteralValue {
    this.open();
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.close();
      return pythonTuple([]);
    }
    const first = this.value();
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.close();
      return first;
    }
    const items = [first];
    while (this.separator(')')) {
      this.skipSpace();
      if (this.text[this.pos] === ')') {
        this.close();
        break;
      }
      items.push(this.value());
    }
    return pythonTuple(items);
  }

  /** After an item: consumes ',' (true: more may follow) or the closing bracket (false). */
  private separator(close: string): boolean {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === ',') {
      this.pos++;
      return true;
    }
    if (ch === close) {
      this.close();
      return false;
    }
    if (ch === undefined) throw this.error(`Missing '${close}' at the end of the text`, true);
    throw this.error(`Expected ',' or '${close}' but found '${ch}'`);
  }

  /** `-1`, `+2.5`, `-(3)`: Python takes one sign before a number, maybe in parentheses. */
  private signedNumber(): number | bigint {
    const negative = this.text[this.pos] === '-';
    this.pos++;
    this.skipSpace();
    let parentheses = 0;
    while (this.text[this.pos] === '(') {
      this.open();
      parentheses++;
      this.skipSpace();
    }
    const ch = this.text[this.pos];
    if (ch === undefined) throw this.error('Unexpected end of text, a number is missing', true);
    if (!/[0-9.]/.test(ch)) throw this.error(`Expected a number but found ${this.describeNext()}`);
    const { value, isInt } = this.number();
    for (; parentheses > 0; parentheses--) {
      this.skipSpace();
      if (this.text[this.pos] !== ')') {
        if (this.done()) throw this.error("Missing ')' at the end of the text", true);
        throw this.error(`Expected ')' after the number but found ${this.describeNext()}`);
      }
      this.close();
    }
    if (!negative) return value;
    if (typeof value === 'bigint') return -value;
    return isInt && value === 0 ? 0 : -value; // an int has no -0
  }

  private number(): { value: number | bigint; isInt: boolean } {
    NUMBER.lastIndex = this.pos;
    const token = NUMBER.exec(this.text)?.[0];
    if (token === undefined) throw this.error(`Expected a number but found ${this.describeNext()}`);
    const after = this.text[this.pos + token.length] ?? '';
    if (/[jJ]/.test(after) && !/[\w]/.test(this.text[this.pos + token.length + 1] ?? '')) {
      throw this.error('Complex numbers are not setting values');
    }
    if (/[\w]/.test(after) || after > '\x7f') {
      throw this.error(`'${quoteInput(token + after)}' is not a valid number`);
    }
    const digits = token.replace(/_/g, '');
    const isInt = /^0[xXoObB]/.test(digits) || /^\d+$/.test(digits);
    if (!isInt) {
      this.pos += token.length;
      return { value: Number(digits), isInt };
    }
    if (/^0\d*[1-9]/.test(digits)) {
      throw this.error(
        `'${quoteInput(token)}': leading zeros are not allowed in a decimal number (0o… is octal)`,
      );
    }
    if (/^\d+$/.test(digits) && digits.length > MAX_DECIMAL_DIGITS) {
      throw this.error(`The number has more than ${MAX_DECIMAL_DIGITS} digits`);
    }
    this.pos += token.length;
    const big = BigInt(digits);
    const safe = big <= BigInt(Number.MAX_SAFE_INTEGER);
    return { value: safe ? Number(big) : big, isInt };
  }

  /** One string, or several adjacent ones concatenated as Python does. */
  private strings(): string {
    let result = '';
    do {
      STRING_PREFIX.lastIndex = this.pos;
      const prefix = STRING_PREFIX.exec(this.text)?.[1] ?? '';
      if (/[bB]/.test(prefix))
        throw this.error("Bytes (b'...') are not setting values; use a string");
      if (/[fF]/.test(prefix)) throw this.error('An f-string is not a literal; use a plain string');
      this.pos += prefix.length;
      result += this.stringBody(/[rR]/.test(prefix));
      this.skipSpace();
      STRING_PREFIX.lastIndex = this.pos;
    } while (STRING_PREFIX.test(this.text));
    return result;
  }

  private stringBody(raw: boolean): string {
    const quote = this.text[this.pos]!;
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    const start = this.pos;
    this.pos += delimiter.length;
    let out = '';
    for (;;) {
      if (this.done()) {
        this.pos = start;
        throw this.error('This string is never closed', true);
      }
      if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        return out;
      }
      const ch = this.text[this.pos]!;
      if (ch === '\n' && !triple) {
        this.pos = start;
        throw this.error('This string is never closed on its line');
      }
      if (ch !== '\\') {
        out += ch;
        this.pos++;
      } else if (raw) {
        // A raw string keeps the backslash, and the next character cannot close it.
        out += this.text.slice(this.pos, this.pos + 2);
        this.pos += 2;
      } else {
        out += this.escape();
      }
    }
  }

  /** One backslash escape of a (non-raw) string, as Python reads it. */
  private escape(): string {
    const next = this.text[this.pos + 1];
    if (next === undefined) {
      this.pos++;
      return '';
    }
    if (next === '\n') {
      this.pos += 2;
      return '';
    }
    const simple = SIMPLE_ESCAPES.get(next);
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.pos + 1, this.pos + 4))?.[0];
    if (octal !== undefined) {
      this.pos += 1 + octal.length;
      return String.fromCharCode(parseInt(octal, 8));
    }
    if (next === 'N') {
      throw this.error('\\N{...} escapes are not read here; write the character or \\uXXXX');
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width === 0) {
      // Python keeps unknown escapes as written.
      this.pos += 2;
      return `\\${next}`;
    }
    const hex = this.text.slice(this.pos + 2, this.pos + 2 + width);
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
      throw this.error(`Invalid \\${next} escape, expected ${width} hex digits`);
    }
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw this.error(`\\${next}${hex} is beyond the last Unicode character`);
    this.pos += 2 + width;
    return String.fromCodePoint(code);
  }
}
