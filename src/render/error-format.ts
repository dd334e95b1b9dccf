/** A KernelError as Jupyter's error content: `ename: message` and the hint; remote tracebacks as sent. */
import type { ErrorContent } from '../kernel-api/interpreter.js';
import { errorHeadline } from '../util/error-headline.js';
import { maskSecretsInText } from '../util/secrets.js';

/** The parts of a KernelError shown to the user (structural, so render stays free of errors.ts). */
export interface ShownError {
  kind: string;
  ename: string;
  message: string;
  hint?: string;
  traceback?: string[];
  expected: boolean;
  stack?: string;
  cause?: unknown;
}

export function formatError(err: ShownError): ErrorContent {
  // The error of the user's own code is theirs, shown as sent. Any other error is the kernel's
  // or relays an endpoint's (a session's ErrorMessage, an unreachable endpoint URL) and may quote
  // a setting the user typed, so it passes the one masking rule (util/secrets.ts) on its way out.
  if (err.kind === 'remote') return errorContent(err);
  const shown = errorContent(err);
  return {
    ename: shown.ename,
    evalue: maskSecretsInText(shown.evalue),
    traceback: shown.traceback.map(maskSecretsInText),
  };
}

function errorContent(err: ShownError): ErrorContent {
  const headline = errorHeadline(err.ename, err.message);
  if (err.kind === 'remote' && err.traceback !== undefined && err.traceback.length > 0) {
    const traceback = [...err.traceback];
    if (err.hint !== undefined) traceback.push(`Hint: ${err.hint}`);
    return { ename: err.ename, evalue: err.message, traceback };
  }
  const traceback = [headline];
  if (err.hint !== undefined) traceback.push(`Hint: ${err.hint}`);
  if (!err.expected) {
    traceback.push('This is a bug in glue-kernel; please report it with the steps that led here.');
    const stack = (err.cause instanceof Error ? err.cause.stack : err.stack) ?? '';
    traceback.push(
      ...stack
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    );
  }
  return { ename: err.ename, evalue: err.message, traceback };
}
