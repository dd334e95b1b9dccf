import type { MimeBundle } from '../kernel-api/interpreter.js';
import { displayWidth, padToWidth } from './display-width.js';

/** %help: sections of magics as markdown tables and as aligned plain text. */

export interface HelpRow {
  label: string;
  kind: 'line' | 'cell';
  usage: string;
  summary: string;
}

export interface HelpView {
  title: string;
  intro: string[];
  sections: { name: string; rows: HelpRow[] }[];
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/**
 * A usage as code: each line its own code span, so a cell magic's body line reads as code too.
 * (A `<br>` is shown literally by renderers that escape HTML in markdown.)
 */
function usageCell(usage: string): string {
  return usage
    .split('\n')
    .map((line) => `\`${line.replace(/\|/g, '\\|')}\``)
    .join(' ');
}

export function renderHelp(view: HelpView): MimeBundle {
  const md: string[] = [`# ${view.title}`, '', ...view.intro.map((l) => `${l}  `), ''];
  const text: string[] = [view.title, '='.repeat(displayWidth(view.title)), ...view.intro, ''];
  const width = Math.max(
    ...view.sections.flatMap((s) => s.rows.map((r) => displayWidth(r.label))),
    0,
  );
  for (const section of view.sections) {
    if (section.rows.length === 0) continue;
    md.push(
      `## ${section.name}`,
      '',
      '| Magic | Type | Usage | Description |',
      '|---|---|---|---|',
    );
    text.push(section.name, '-'.repeat(displayWidth(section.name)));
    for (const row of section.rows) {
      md.push(
        `| \`${row.label}\` | ${row.kind} | ${usageCell(row.usage)} | ${markdownCell(row.summary)} |`,
      );
      text.push(`${padToWidth(row.label, width)}  ${row.summary}`);
    }
    md.push('');
    text.push('');
  }
  return { 'text/markdown': md.join('\n'), 'text/plain': text.join('\n').trimEnd() };
}
