/**
 * The one error family of the Glue side (session, magics, interpreter). Everything that reaches
 * the user crosses the interpreter's single catch site as a KernelError and leaves it as the
 * kernel core's error content (kernel-api/interpreter.ts): `ename: message` plus a one-sentence
 * hint, never a JS stack for expected errors. AWS SDK exceptions are translated into these once,
 * at the gateway. The kernel core itself knows nothing of this family.
 */
import { errorMessage } from './util/error-message.js';

export type ErrorKind =
  | 'usage' // a magic or its argument is wrong
  | 'config' // configuration is missing or inconsistent (no role, no region, unknown profile)
  | 'state' // the request does not fit the session's state
  | 'credentials' // credentials missing, expired, or a role cannot be assumed
  | 'aws' // an AWS API refused the call (access denied, not found, validation)
  | 'remote' // the code itself failed in the Glue session
  | 'timeout' // a bounded wait ran out
  | 'cancelled' // the user interrupted
  | 'internal'; // a bug of ours

export interface KernelErrorOptions {
  /** What Jupyter shows as the error name; defaults per kind. */
  ename?: string;
  /** One sentence telling the user what to do, naming a magic where one fits. */
  hint?: string;
  /** Remote traceback lines (passed through unchanged). */
  traceback?: string[];
  cause?: unknown;
}

const DEFAULT_ENAME: Record<ErrorKind, string> = {
  usage: 'UsageError',
  config: 'ConfigurationError',
  state: 'SessionStateError',
  credentials: 'CredentialsError',
  aws: 'AwsError',
  remote: 'RemoteError',
  timeout: 'TimeoutError',
  cancelled: 'Interrupted',
  internal: 'InternalError',
};

export class KernelError extends Error {
  readonly kind: ErrorKind;
  readonly ename: string;
  readonly hint: string | undefined;
  readonly traceback: string[] | undefined;
  /** False only for internal errors (bugs), whose JS stack is worth showing. */
  readonly expected: boolean;

  constructor(kind: ErrorKind, message: string, options: KernelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KernelError';
    this.kind = kind;
    this.ename = options.ename ?? DEFAULT_ENAME[kind];
    this.hint = options.hint;
    this.traceback = options.traceback;
    this.expected = kind !== 'internal';
  }
}

export function usageError(message: string, hint?: string): KernelError {
  return new KernelError('usage', message, { hint });
}

/** Part of this family's API; defined in util/ because the Glue-free kernel core uses it too. */
export { errorMessage };

/** Wraps anything thrown into a KernelError; unknown throwables become internal errors. */
export function asKernelError(err: unknown): KernelError {
  if (err instanceof KernelError) return err;
  if (err instanceof Error && err.name === 'AbortError') {
    return new KernelError('cancelled', 'Interrupted by the user.', { cause: err });
  }
  const message = errorMessage(err);
  return new KernelError('internal', message, { cause: err });
}
