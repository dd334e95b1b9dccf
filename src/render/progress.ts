import type { MimeBundle } from '../kernel-api/interpreter.js';
import { escapeHtml } from './mime.js';

/** Progress displays, published once with a display id and then updated in place. */

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
}

export function renderProvisioningProgress(
  sessionId: string,
  status: string,
  elapsedMs: number,
): MimeBundle {
  const elapsed = formatElapsed(elapsedMs);
  const text = `Session ${sessionId}: ${status} (${elapsed})`;
  const html =
    `<div><b>Session</b> <code>${escapeHtml(sessionId)}</code>: ` +
    `<span>${escapeHtml(status)}</span> <small>(${escapeHtml(elapsed)})</small></div>`;
  return { 'text/plain': text, 'text/html': html };
}

export function renderStatementProgress(
  statementId: number,
  fraction: number | undefined,
  elapsedMs: number,
): MimeBundle {
  const elapsed = formatElapsed(elapsedMs);
  const known = fraction !== undefined && Number.isFinite(fraction);
  const percent = known ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : undefined;
  const barWidth = 20;
  const filled = percent === undefined ? 0 : Math.round((percent / 100) * barWidth);
  const bar =
    percent === undefined
      ? ''
      : ` [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${percent}%`;
  const text = `Statement ${statementId} running${bar} (${elapsed})`;
  const meter =
    percent === undefined ? '' : ` <progress max="100" value="${percent}"></progress> ${percent}%`;
  const html = `<div>Statement ${statementId} running${meter} <small>(${escapeHtml(elapsed)})</small></div>`;
  return { 'text/plain': text, 'text/html': html };
}

/** The last state of a statement progress display, once the statement has ended. */
export function renderStatementEnded(
  statementId: number,
  state: string,
  elapsedMs: number,
): MimeBundle {
  const elapsed = formatElapsed(elapsedMs);
  const text = `Statement ${statementId} ${state.toLowerCase()} (${elapsed})`;
  return {
    'text/plain': text,
    'text/html': `<div>Statement ${statementId} ${escapeHtml(state.toLowerCase())} <small>(${escapeHtml(elapsed)})</small></div>`,
  };
}
