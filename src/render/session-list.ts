import type { MimeBundle } from '../kernel-api/interpreter.js';
import type { SessionInfo } from '../session/glue-types.js';
import { escapeHtml, textBundle } from './mime.js';
import { renderTableHtml, renderTableText } from './table.js';

/** %list_sessions: the official "SessionId | Status | CreatedOn" grid, plus an HTML table. */

export function renderSessionList(
  sessions: SessionInfo[],
  filter: { tags?: Record<string, string>; currentId?: string } = {},
): MimeBundle {
  const tagText = filter.tags
    ? Object.entries(filter.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : undefined;
  if (sessions.length === 0) {
    return textBundle(
      tagText === undefined
        ? 'There are no sessions to list.'
        : `There are no sessions to list with tags ${tagText}.`,
    );
  }
  const heading =
    (sessions.length === 1
      ? 'The first 1 session is:'
      : `The first ${sessions.length} sessions are:`) +
    (tagText === undefined ? '' : ` (tags ${tagText})`);
  const view = {
    columns: ['SessionId', 'Status', 'CreatedOn'],
    rows: sessions.map((s) => [
      s.id === filter.currentId ? `${s.id} (current)` : s.id,
      s.status,
      s.createdOn?.toISOString() ?? '',
    ]),
  };
  return {
    'text/plain': `${heading}\n${renderTableText(view)}`,
    'text/html': `<p>${escapeHtml(heading)}</p>${renderTableHtml(view)}`,
  };
}
