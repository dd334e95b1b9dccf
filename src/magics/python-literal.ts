/**
 * A small recursive-descent reader for the literals notebooks put in `%%configure`, `%%tags` and
 * `%%assume_role` bodies. The official kernel reads them with Python's `ast.literal_eval`, so
 * existing notebooks use Python syntax (single quotes, True/None, trailing commas); users coming
 * from JSON write true/null. Both are accepted. There is no maintained npm port of literal_eval,
 * hence this reader.
 */
import { quoteInput } from '../util/quote-input.js';

export type LiteralValue =
  string | number | boolean | null | LiteralValue[] | { [key: string]: LiteralValue };

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

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
};

/** Parses one literal that must make up the whole text (surrounding whitespace and comments ok). */
export function parsePythonLiteral(text: string): LiteralValue {
  const reader = new LiteralReader(text);
  reader.skipSpace();
  if (reader.done()) throw reader.error('Expected a value but the text is empty', true);
  const value = reader.value();
  reader.skipSpace();
  if (!reader.done()) throw reader.error(`Unexpected ${reader.describeNext()} after the value`);
  return value;
}

class LiteralReader {
  private pos = 0;

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

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '#') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else if (ch === '\\' && this.text[this.pos + 1] === '\n') {
        this.pos += 2; // explicit line continuation
      } else if (/\s/.test(ch)) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  value(): LiteralValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === undefined) throw this.error('Unexpected end of text, a value is missing', true);
    if (ch === '{') return this.dict();
    if (ch === '[') return this.sequence(']');
    if (ch === '(') return this.sequence(')');
    if (ch === '"' || ch === "'" || /[rRuUbB]/.test(ch)) {
      const str = this.maybeString();
      if (str !== undefined) return str;
    }
    if (ch === '-' || ch === '+' || ch === '.' || /[0-9]/.test(ch)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
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

  private dict(): { [key: string]: LiteralValue } {
    const result: { [key: string]: LiteralValue } = {};
    this.pos++; // {
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return result;
      }
      const keyStart = this.pos;
      const key = this.value();
      if (typeof key !== 'string') {
        this.pos = keyStart;
        throw this.error('Dictionary keys must be strings');
      }
      this.skipSpace();
      if (this.text[this.pos] !== ':') {
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
      if (!this.separator('}')) return result;
    }
  }

  private sequence(close: string): LiteralValue[] {
    const items: LiteralValue[] = [];
    this.pos++; // the opening bracket
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      if (!this.separator(close)) return items;
    }
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
      this.pos++;
      return false;
    }
    if (ch === undefined) throw this.error(`Missing '${close}' at the end of the text`, true);
    throw this.error(`Expected ',' or '${close}' but found '${ch}'`);
  }

  /** One string, or several adjacent ones concatenated as Python does; undefined if no quote. */
  private maybeString(): string | undefined {
    let result: string | undefined;
    for (;;) {
      const start = this.pos;
      const prefix = /^[rRuUbB]{0,2}(?=['"])/.exec(this.text.slice(this.pos))?.[0];
      if (prefix === undefined) {
        this.pos = start;
        return result;
      }
      this.pos += prefix.length;
      const part = this.stringBody(/[rR]/.test(prefix));
      result = (result ?? '') + part;
      const afterString = this.pos;
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === undefined || !(next === '"' || next === "'" || /[rRuUbB]/.test(next))) {
        this.pos = afterString;
        return result;
      }
    }
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
      if (ch === '\\' && !raw) {
        out += this.escape();
      } else {
        out += ch;
        this.pos++;
      }
    }
  }

  private escape(): string {
    const next = this.text[this.pos + 1];
    if (next === undefined) {
      this.pos++;
      return '\\';
    }
    if (next === '\n') {
      this.pos += 2;
      return '';
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        throw this.error(`Invalid \\${next} escape, expected ${width} hex digits`);
      }
      this.pos += 2 + width;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    // Python keeps unknown escapes as written.
    this.pos += 2;
    return `\\${next}`;
  }

  private number(): number {
    const match = /^[-+]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?)/.exec(
      this.text.slice(this.pos),
    );
    const token = match?.[0];
    if (token === undefined || token === '' || /^[-+]$/.test(token)) {
      throw this.error(`Expected a number but found ${this.describeNext()}`);
    }
    const cleaned = token.replace(/_/g, '');
    const value = /0[xX]/.test(cleaned)
      ? (cleaned.startsWith('-') ? -1 : 1) * parseInt(cleaned.replace(/^[-+]?0[xX]/, ''), 16)
      : Number(cleaned);
    if (Number.isNaN(value)) throw this.error(`'${quoteInput(token)}' is not a valid number`);
    this.pos += token.length;
    return value;
  }
}

/** Python's repr of a literal, used when echoing settings back the way existing notebooks show them. */
export function pythonRepr(value: LiteralValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(new RegExp(quote, 'g'), `\\${quote}`);
    return `${quote}${escaped}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`);
  return `{${entries.join(', ')}}`;
}
