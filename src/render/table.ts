import type { MimeBundle } from '../kernel-api/interpreter.js';
import { clipToWidth, displayWidth, padToWidth } from './display-width.js';
import { cellText, escapeHtml } from './mime.js';

/** A table as a text grid (like tabulate's "grid" the official kernel prints) and as HTML. */

export interface TableView {
  columns: string[];
  rows: unknown[][];
  /** A line under the table, e.g. "showing 20 of 134 rows". */
  footer?: string;
  /** Widest cell text (in terminal columns) shown before it is cut with an ellipsis. */
  maxCellWidth?: number;
}

const DEFAULT_MAX_CELL = 80;

function clip(text: string, max: number): string {
  return clipToWidth(text.replace(/\r?\n/g, '\\n'), max);
}

export function renderTableText(view: TableView): string {
  const max = view.maxCellWidth ?? DEFAULT_MAX_CELL;
  const header = view.columns.map((c) => clip(c, max));
  const body = view.rows.map((row) => view.columns.map((_c, i) => clip(cellText(row[i]), max)));
  // Columns, not .length: a CJK character or an emoji takes two.
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]!))),
  );
  const rule = (ch: string): string => `+${widths.map((w) => ch.repeat(w + 2)).join('+')}+`;
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => padToWidth(c, widths[i]!)).join(' | ')} |`;
  const out = [rule('-'), line(header), rule('=')];
  for (const row of body) out.push(line(row), rule('-'));
  if (view.footer !== undefined) out.push(view.footer);
  return out.join('\n');
}

export function renderTableHtml(view: TableView): string {
  const head = view.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = view.rows
    .map(
      (row) =>
        `<tr>${view.columns.map((_c, i) => `<td>${escapeHtml(cellText(row[i]))}</td>`).join('')}</tr>`,
    )
    .join('');
  const footer = view.footer === undefined ? '' : `<p>${escapeHtml(view.footer)}</p>`;
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${footer}`;
}

export function renderTable(view: TableView): MimeBundle {
  return { 'text/plain': renderTableText(view), 'text/html': renderTableHtml(view) };
}
