import type { MimeBundle } from '../kernel-api/interpreter.js';
import type { StatementOutput } from '../session/glue-types.js';

/** A successful statement's output as the streams and displays a notebook shows. */

export type RenderedOutput =
  | { kind: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { kind: 'display'; data: MimeBundle; metadata?: Record<string, unknown> };

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** `image/png;base64` → `image/png`: the payload is base64 either way in a MIME bundle. */
function baseMimeType(mimeType: string): string {
  return mimeType.split(';')[0]!.trim().toLowerCase();
}

function resultDisplay(mimeType: string, result: string): RenderedOutput {
  const mime = baseMimeType(mimeType);
  if (mime.startsWith('image/')) {
    return {
      kind: 'display',
      data: { [mime]: result.replace(/\s+/g, ''), 'text/plain': `<${mime} image>` },
      metadata: { [mime]: { width: 640, height: 480 } },
    };
  }
  if (mime === 'text/html') {
    const plain = result.replace(/<[^>]*>/g, '').trim();
    return {
      kind: 'display',
      data: { 'text/html': result, 'text/plain': plain || '<HTML output>' },
    };
  }
  if (mime === 'text/plain') return { kind: 'stream', name: 'stdout', text: withNewline(result) };
  return { kind: 'display', data: { [mime]: result, 'text/plain': `<${mime} output>` } };
}

export function renderStatementOutput(output: StatementOutput | undefined): RenderedOutput[] {
  const data = output?.data;
  if (data === undefined) return [];
  const rendered: RenderedOutput[] = [];
  if (data.mimeType !== undefined) {
    // Printed text comes as StdOut, or (the local endpoint, some REPLs) as TextPlain beside the
    // figure; it is shown before the figure either way.
    const printed = data.stdOut || data.textPlain;
    if (printed) rendered.push({ kind: 'stream', name: 'stdout', text: withNewline(printed) });
    if (data.stdErr)
      rendered.push({ kind: 'stream', name: 'stderr', text: withNewline(data.stdErr) });
    if (data.result) rendered.push(resultDisplay(data.mimeType, data.result));
    else if (data.stdOut && data.textPlain)
      rendered.push({ kind: 'stream', name: 'stdout', text: withNewline(data.textPlain) });
    return rendered;
  }
  if (data.textPlain !== undefined && data.textPlain !== '') {
    rendered.push({ kind: 'stream', name: 'stdout', text: withNewline(data.textPlain) });
  }
  return rendered;
}
