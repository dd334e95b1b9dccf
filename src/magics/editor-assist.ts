import type { CompleteResult, InspectResult, IsCompleteResult } from '../kernel-api/interpreter.js';
import type { SessionService } from '../session/session-service.js';
import { parseCell } from './cell-parser.js';
import { magicLabel, type MagicCatalog, type MagicSpec } from './magic-spec.js';
import { LiteralSyntaxError, parsePythonLiteral } from './python-literal.js';

/**
 * Completion, inspection and is_complete for magics, all from the registry. Cursor positions are
 * in Unicode code points, as Jupyter counts them.
 */

function codePoints(text: string): string[] {
  return Array.from(text);
}

/** The text of the cursor's line up to the cursor, and where that line starts. */
function lineBeforeCursor(code: string, cursorPos: number): { text: string; start: number } {
  const before = codePoints(code).slice(0, cursorPos);
  const lastNewline = before.lastIndexOf('\n');
  return { text: before.slice(lastNewline + 1).join(''), start: lastNewline + 1 };
}

export async function completeMagic(
  code: string,
  cursorPos: number,
  catalog: MagicCatalog,
  session: SessionService | undefined,
): Promise<CompleteResult> {
  const none: CompleteResult = {
    matches: [],
    cursor_start: cursorPos,
    cursor_end: cursorPos,
    metadata: {},
  };
  const { text, start } = lineBeforeCursor(code, cursorPos);
  const nameOnly = /^%%?[A-Za-z0-9_]*$/.exec(text);
  if (nameOnly !== null) {
    const matches = catalog
      .all()
      .map(magicLabel)
      .filter((label) => label.startsWith(text))
      .sort();
    return { matches, cursor_start: start, cursor_end: cursorPos, metadata: {} };
  }
  const flag = /^(%%?)([A-Za-z0-9_]+)\s+(?:.*\s)?(-\S*)$/.exec(text);
  if (flag !== null) {
    const spec = catalog.get(flag[2]!, flag[1] === '%%' ? 'cell' : 'line');
    const partial = flag[3]!;
    const matches = (spec?.flags ?? []).filter((f) => f.startsWith(partial));
    const start = cursorPos - codePoints(partial).length;
    return { matches, cursor_start: start, cursor_end: cursorPos, metadata: {} };
  }
  const withValue = /^(%%?)([A-Za-z0-9_]+)\s+(\S*)$/.exec(text);
  if (withValue === null) return none;
  const spec = catalog.get(withValue[2]!, withValue[1] === '%%' ? 'cell' : 'line');
  if (spec?.completeValues === undefined) return none;
  const partial = withValue[3]!;
  let values: string[];
  try {
    values = await spec.completeValues(session);
  } catch {
    values = []; // completion must never fail the request
  }
  const matches = values.filter((v) => v.toLowerCase().startsWith(partial.toLowerCase()));
  return {
    matches,
    cursor_start: cursorPos - codePoints(partial).length,
    cursor_end: cursorPos,
    metadata: {},
  };
}

const POLICY_TEXT: Record<MagicSpec['livePolicy'], string> = {
  apply: 'With a live session: acts on it now.',
  'next-session': 'With a live session: recorded for the next session (a notice says so).',
  refuse: 'With a live session: refused; run %stop_session first.',
};

export function magicHelpText(spec: MagicSpec): { plain: string; markdown: string } {
  const label = magicLabel(spec);
  const plain = [
    `${label} — ${spec.summary}`,
    '',
    `Usage: ${spec.usage}`,
    '',
    spec.help,
    '',
    'Example:',
    ...spec.example.split('\n').map((l) => `    ${l}`),
    '',
    POLICY_TEXT[spec.livePolicy],
  ].join('\n');
  const markdown = [
    `**${label}** — ${spec.summary}`,
    '',
    '```',
    spec.usage,
    '```',
    '',
    spec.help,
    '',
    'Example:',
    '',
    '```',
    spec.example,
    '```',
    '',
    `_${POLICY_TEXT[spec.livePolicy]}_`,
  ].join('\n');
  return { plain, markdown };
}

export function inspectMagic(
  code: string,
  cursorPos: number,
  catalog: MagicCatalog,
): InspectResult {
  const chars = codePoints(code);
  const lineStart = chars.slice(0, cursorPos).lastIndexOf('\n') + 1;
  const nextNewline = chars.indexOf('\n', cursorPos);
  const line = chars.slice(lineStart, nextNewline < 0 ? chars.length : nextNewline).join('');
  const match = /^(%%?)([A-Za-z0-9_]+)/.exec(line);
  const spec =
    match === null
      ? undefined
      : (catalog.get(match[2]!, match[1] === '%%' ? 'cell' : 'line') ?? catalog.get(match[2]!));
  if (spec === undefined) return { found: false, data: {} };
  const text = magicHelpText(spec);
  return { found: true, data: { 'text/plain': text.plain, 'text/markdown': text.markdown } };
}

/** Magics whose body is a dict or string literal, which may be typed over several lines. */
const LITERAL_BODIES = new Set(['configure', 'tags', 'assume_role']);

export function isCellComplete(code: string): IsCompleteResult {
  let cell;
  try {
    cell = parseCell(code);
  } catch {
    return { status: 'complete' }; // executing it shows the usage error
  }
  const last = cell.items.at(-1);
  if (last?.kind !== 'cell-magic' || !LITERAL_BODIES.has(last.name)) return { status: 'complete' };
  const body = last.body.trim();
  // `%%assume_role --clear` needs no body.
  if (body === '' && /(^|\s)--clear(\s|$)/.test(last.arg)) return { status: 'complete' };
  if (body === '') return { status: 'incomplete', indent: '' };
  if (/^arn:\S+$/.test(body)) return { status: 'complete' };
  try {
    parsePythonLiteral(body);
    return { status: 'complete' };
  } catch (err) {
    if (err instanceof LiteralSyntaxError && err.atEnd)
      return { status: 'incomplete', indent: '    ' };
    return { status: 'invalid' };
  }
}
