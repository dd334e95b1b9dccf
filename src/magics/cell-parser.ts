import { usageError } from '../errors.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * The cell grammar (docs/architecture.md), compatible with the official kernel: the leading lines of a cell
 * that start with `%` are line magics and those that start with `!` local shell commands, kept in
 * order; blank lines and `#` comments among them are skipped; a `%%name` line makes the rest of
 * the cell its body; the first other line starts the code that runs remotely. Pure.
 */

export interface LineMagicItem {
  kind: 'line-magic';
  name: string;
  /** Everything after the name and its separating whitespace, trailing whitespace removed. */
  arg: string;
  /** 1-based line of the magic in the cell. */
  line: number;
}

export interface CellMagicItem {
  kind: 'cell-magic';
  name: string;
  arg: string;
  /** The lines after the `%%name` line, as written. */
  body: string;
  line: number;
}

export interface ShellItem {
  kind: 'shell';
  command: string;
  line: number;
}

export type CellItem = LineMagicItem | CellMagicItem | ShellItem;

export interface RemoteCode {
  text: string;
  /** 1-based line where the remote code starts. */
  line: number;
}

export interface ParsedCell {
  /** Magics and `!` commands in the order they appear; a cell magic, if any, is last. */
  items: CellItem[];
  code?: RemoteCode;
}

const MAGIC_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseCell(text: string): ParsedCell {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const items: CellItem[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNo = index + 1;
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (line.startsWith('%%')) {
      const { name, arg } = splitMagic(line.slice(2), lineNo, '%%');
      const body = lines.slice(index + 1).join('\n');
      items.push({ kind: 'cell-magic', name, arg, body, line: lineNo });
      return { items };
    }
    if (line.startsWith('%')) {
      const { name, arg } = splitMagic(line.slice(1), lineNo, '%');
      items.push({ kind: 'line-magic', name, arg, line: lineNo });
      continue;
    }
    if (line.startsWith('!')) {
      const command = line.slice(1).trim();
      if (command === '') {
        throw usageError(
          `Line ${lineNo}: a '!' line needs a shell command to run locally.`,
          'Example: !pip show boto3',
        );
      }
      items.push({ kind: 'shell', command, line: lineNo });
      continue;
    }
    const code = lines.slice(index).join('\n').trimEnd();
    return { items, code: { text: code, line: lineNo } };
  }
  return { items };
}

function splitMagic(rest: string, lineNo: number, prefix: string): { name: string; arg: string } {
  const match = /^(\S*)(?:\s+(.*))?$/s.exec(rest);
  const name = match?.[1] ?? '';
  const arg = (match?.[2] ?? '').trimEnd();
  if (!MAGIC_NAME.test(name)) {
    const shown = quoteInput(`${prefix}${name}`);
    throw usageError(
      name === ''
        ? `Line ${lineNo}: '${prefix}' must be followed by a magic name.`
        : `Line ${lineNo}: '${shown}' is not a valid magic name.`,
      'Magic names are letters, digits and underscores, e.g. %idle_timeout 60; %help lists them all.',
    );
  }
  return { name, arg };
}
