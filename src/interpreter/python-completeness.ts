import type { IsCompleteResult } from '../kernel-api/interpreter.js';

/**
 * Whether Python code typed so far is a whole cell or needs more lines, for is_complete (jupyter
 * console and qtconsole ask before running what was typed). It follows IPython's check_complete
 * (IPython.core.inputtransformer2): a trailing backslash, an open bracket or triple-quoted string,
 * a line ending with `:` (indent + 4), a decorator, or an indented block not yet ended by a newline
 * are `incomplete`, with the indent IPython would give. The code runs remotely, so no Python parser
 * is at hand: this is a small tokenizer (strings, comments, brackets, indentation), written here
 * because no maintained JavaScript package answers this question. Syntax errors it cannot see are
 * reported `complete`, which is what matters to a console: run it, and the session shows the error.
 */

interface LogicalLine {
  /** Column of its first token (tabs count 4, as IPython counts them). */
  indent: number;
  /** Its text without comments, trimmed at the end. */
  text: string;
}

interface Scan {
  lines: LogicalLine[];
  /** Open brackets or a triple-quoted string run past the end. */
  open: boolean;
  invalid: boolean;
}

const STRING_START = /^(?:[rRbBuUfF]{0,2})('''|"""|'|")/;

function indentOf(line: string): number {
  const lead = /^[ \t]*/.exec(line)![0];
  return lead.replace(/\t/g, '    ').length;
}

/** Splits the code into logical lines, following strings, comments and brackets. */
function scan(code: string): Scan {
  const lines: LogicalLine[] = [];
  const closing: string[] = [];
  let quote: string | undefined;
  let text = '';
  let indent: number | undefined;
  let invalid = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote !== undefined) {
      if (c === '\\') {
        text += code.slice(i, i + 2);
        i++;
      } else if (code.startsWith(quote, i)) {
        text += quote;
        i += quote.length - 1;
        quote = undefined;
      } else if (c === '\n' && quote.length === 1) {
        invalid = true; // an unterminated one-line string
        quote = undefined;
        i--;
      } else text += c;
      continue;
    }
    if (indent === undefined && c !== ' ' && c !== '\t' && c !== '\n' && c !== '#') {
      indent = indentOf(code.slice(code.lastIndexOf('\n', i - 1) + 1, i + 1));
    }
    const start = STRING_START.exec(code.slice(i, i + 5));
    if (start !== null && (i === 0 || !/\w/.test(code[i - 1]!))) {
      quote = start[1]!;
      text += start[0];
      i += start[0].length - 1;
    } else if (c === '#') {
      while (i + 1 < code.length && code[i + 1] !== '\n') i++;
    } else if (c === '\\' && code[i + 1] === '\n') {
      i++; // an explicit line joining
    } else if ('([{'.includes(c)) {
      closing.push(')]}'['([{'.indexOf(c)]!);
      text += c;
    } else if (')]}'.includes(c)) {
      if (closing.pop() !== c) invalid = true;
      text += c;
    } else if (c === '\n' && closing.length === 0) {
      if (indent !== undefined) lines.push({ indent, text: text.trimEnd() });
      text = '';
      indent = undefined;
    } else text += c;
  }
  if (quote !== undefined && quote.length === 1) invalid = true;
  const open = quote !== undefined || closing.length > 0;
  if (!open && indent !== undefined) lines.push({ indent, text: text.trimEnd() });
  return { lines, open, invalid };
}

/** Indentation errors: an indent no `:` opened, or a dedent to a level never used. */
function badIndentation(lines: LogicalLine[]): boolean {
  const levels = [lines[0]?.indent ?? 0];
  let opened = false;
  for (const line of lines) {
    const top = levels[levels.length - 1]!;
    if (line.indent > top) {
      if (!opened) return true;
      levels.push(line.indent);
    } else if (line.indent < top) {
      while (levels.length > 1 && levels[levels.length - 1]! > line.indent) levels.pop();
      if (levels[levels.length - 1] !== line.indent) return true;
    }
    opened = line.text.endsWith(':');
  }
  return false;
}

/** As IPython's leading_indent: a first line's indentation is taken off every line that has it. */
function withoutLeadingIndent(code: string): string {
  const lead = /^[ \t]+/.exec(code)?.[0];
  if (lead === undefined) return code;
  return code
    .split('\n')
    .map((line) => (line.startsWith(lead) ? line.slice(lead.length) : line))
    .join('\n');
}

/** The indentation of the last line, as IPython's find_last_indent counts it. */
function lastLineIndent(code: string): string {
  const physical = code.replace(/\n$/, '').split('\n');
  return ' '.repeat(indentOf(physical[physical.length - 1]!));
}

export function pythonCompleteness(typed: string): IsCompleteResult {
  if (typed.trim() === '') return { status: 'complete' };
  const endsWithNewline = /\n[ \t]*$/.test(typed);
  const lastNonBlank = [...typed.split('\n')].reverse().find((line) => line.trim() !== '') ?? '';
  if (lastNonBlank.endsWith('\\')) return { status: 'incomplete', indent: lastLineIndent(typed) };
  const code = withoutLeadingIndent(typed);
  const lastIndent = lastLineIndent(code);
  const { lines, open, invalid } = scan(code);
  if (invalid) return { status: 'invalid' };
  if (open) return { status: 'incomplete', indent: lastIndent };
  if (lines.length === 0) return { status: 'complete' };
  if (badIndentation(lines)) return { status: 'invalid' };
  const last = lines[lines.length - 1]!;
  if (last.text.endsWith(':')) return { status: 'incomplete', indent: ' '.repeat(last.indent + 4) };
  if (last.text.startsWith('@')) return { status: 'incomplete', indent: lastIndent };
  // Inside a block (indented deeper than the first line): a newline at the end closes it.
  if (last.indent > lines[0]!.indent && !endsWithNewline)
    return { status: 'incomplete', indent: lastIndent };
  return { status: 'complete' };
}
