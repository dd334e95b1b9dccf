import type { MimeBundle } from '../kernel-api/interpreter.js';

/** Small helpers shared by the renderers: every bundle has text/plain, and HTML is escaped. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

export function textBundle(text: string): MimeBundle {
  return { 'text/plain': text };
}

/** Any value as a table cell: null shows as null, objects as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
