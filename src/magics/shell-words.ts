import { usageError } from '../errors.js';

/**
 * Splits a magic's argument into words as Python's `shlex.split` does (POSIX mode, no comments):
 * blanks separate words, quotes group (`--external-id="ab cd"` is one word, `--external-id=ab cd`),
 * a backslash escapes the next character outside single quotes, and inside double quotes only
 * before `\` or `"`. IPython magics split their arguments with shlex, so notebooks written for
 * them read the same here; test/integration/shell-words-differential.test.ts checks it against
 * Python itself.
 *
 * Written by hand: the npm ports differ from shlex.split where it matters here (node `shlex`
 * also reads bash's `$'...'` and drops an escaped newline; `shell-quote` expands `$VAR` and turns
 * `|`, `;`, `>` into operators; `string-argv` has no escapes).
 */
const BLANKS = ' \t\r\n';

export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false; // a word has started, maybe as an empty quoted ''
  let quote: "'" | '"' | undefined;
  let quoteAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === quote) {
        quote = undefined;
      } else if (ch === '\\' && quote === '"' && i + 1 < text.length) {
        const next = text[++i]!;
        word += next === '\\' || next === '"' ? next : `\\${next}`;
      } else {
        word += ch;
      }
    } else if (BLANKS.includes(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      quoteAt = i;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) {
        throw usageError('The arguments end with a lone \\; write \\\\ for a backslash.');
      }
      word += text[++i];
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) {
    throw usageError(
      `The ${quote === '"' ? 'double' : 'single'} quote at character ${quoteAt + 1} of the arguments is never closed.`,
    );
  }
  if (inWord) words.push(word);
  return words;
}
