/**
 * A cell's source as the `glue-kernel run` transcript may show it: CI logs keep the transcript,
 * and secrets never appear in any output or log. A dict given to `%assume_role`/`%%assume_role`
 * shows its keys with every value as `***` (a role ARN stays readable), and anywhere in a cell
 * the one masking rule of util/secrets.ts applies: a value whose key looks secret
 * (`aws_secret_access_key: ...`, `SESSION_TOKEN=...`) and a URL's user info are masked.
 * The notebook file itself is left as the user wrote it.
 */
import { MASK, maskSecretsInText } from '../util/secrets.js';
const ASSUME_ROLE_CELL = /^(\s*%%assume_role\b[^\n]*\n)([\s\S]*)$/;
const ASSUME_ROLE_LINE = /^(\s*%assume_role\b[^{\n]*)(\{[^\n]*)$/gm;

export function redactSource(source: string): string {
  const cell = ASSUME_ROLE_CELL.exec(source);
  const masked = cell
    ? cell[1]! + (cell[2]!.trimStart().startsWith('{') ? maskDictValues(cell[2]!) : cell[2]!)
    : source.replace(
        ASSUME_ROLE_LINE,
        (_, magic: string, dict: string) => magic + maskDictValues(dict),
      );
  return maskSecretsInText(masked);
}

/**
 * Keeps the layout and the keys of a Python/JSON dict literal and replaces every value with
 * `***`. A small scanner rather than a regex: a quote inside a string must not start a new one.
 */
export function maskDictValues(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' || char === "'") {
      const end = stringEnd(text, i);
      const isKey = /^\s*:/.test(text.slice(end));
      out += isKey ? text.slice(i, end) : MASK;
      i = end;
    } else if (char === ':') {
      // A bare value (number, True, a variable...): mask up to the next separator.
      const bare = /^(:\s*)([^\s"'{[,}\]][^,}\n]*)/.exec(text.slice(i));
      out += bare ? `${bare[1]}${MASK}` : char;
      i += bare ? bare[0].length : 1;
    } else {
      out += char;
      i += 1;
    }
  }
  return out;
}

/** The index just after the string literal that opens at `start` (or the end of the line). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i + 1;
    else if (text[i] === '\n') return i;
  }
  return text.length;
}
