import { KernelError } from '../../errors.js';

/**
 * AWS exceptions → KernelErrors, decided once by the exception's `name` (the SDK's sanitised error
 * code). Used by the SDK gateway and the credential broker only; the in-memory gateway used in tests
 * goes through it too, so both raise identical errors. The KernelError's `ename` keeps the AWS name
 * so callers can tell a lost session from a denied call without parsing messages.
 */
export interface AwsCallContext {
  /** The API operation, e.g. `CreateSession` or `AssumeRole`. */
  operation: string;
  region?: string;
  endpoint?: string;
  sessionId?: string;
  /** The session role (CreateSession) or the role being assumed (AssumeRole). */
  role?: string;
}

interface AwsErrorShape {
  name: string;
  message: string;
  status?: number;
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied']);
const EXPIRED = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
  'TokenRefreshRequired',
]);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);
const BAD_KEYS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const SERVER_SIDE = new Set([
  'InternalServiceException',
  'InternalFailure',
  'ServiceUnavailable',
  'OperationTimeoutException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
]);

function awsErrorShape(err: unknown): AwsErrorShape {
  if (err && typeof err === 'object') {
    const e = err as {
      name?: unknown;
      message?: unknown;
      code?: unknown;
      $metadata?: { httpStatusCode?: unknown };
    };
    const rawName = typeof e.name === 'string' ? e.name : 'Error';
    const code = typeof e.code === 'string' ? e.code : undefined;
    const name = rawName === 'Error' && code ? code : rawName;
    const message = typeof e.message === 'string' ? e.message : String(err);
    const status =
      typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
    return { name: cleanName(name), message, status };
  }
  return { name: 'Error', message: String(err) };
}

/** `ns#Name:url` → `Name`, as the SDKs sanitise error codes. */
function cleanName(name: string): string {
  const beforeColon = name.split(':')[0] ?? name;
  return beforeColon.includes('#') ? (beforeColon.split('#').pop() ?? beforeColon) : beforeColon;
}

/**
 * What the session layer acts on, decided here once from the AWS name (and message where AWS
 * gives no more): expired credentials are re-fetched and the call retried (AwsAccess); a lost
 * session is replaced (SessionController); throttling slows polling down.
 */
export type AwsFailureReason = 'credentials-expired' | 'session-lost' | 'throttled' | 'other';

/** A translated AWS failure: what the user sees, plus the reason the session layer acts on. */
export class AwsCallError extends KernelError {
  constructor(
    shown: KernelError,
    readonly reason: AwsFailureReason,
  ) {
    super(shown.kind, shown.message, {
      ename: shown.ename,
      hint: shown.hint,
      traceback: shown.traceback,
      cause: shown.cause,
    });
  }
}

/** The reason of a translated failure; 'other' for anything that did not come from AWS. */
export function failureReason(err: unknown): AwsFailureReason {
  return err instanceof AwsCallError ? err.reason : 'other';
}

export function translateAwsError(err: unknown, ctx: AwsCallContext): KernelError {
  if (err instanceof KernelError) return err;
  const { name } = awsErrorShape(err);
  const shown = userFacingError(err, ctx);
  return new AwsCallError(shown, reasonOf(name, shown));
}

function reasonOf(name: string, shown: KernelError): AwsFailureReason {
  if (EXPIRED.has(name)) return 'credentials-expired';
  if (THROTTLED.has(name)) return 'throttled';
  if (name === 'EntityNotFoundException' && !/connection/i.test(shown.message))
    return 'session-lost';
  if (
    name === 'IllegalSessionStateException' &&
    /unavailable|STOPP|TIMEOUT|FAILED/i.test(shown.message)
  )
    return 'session-lost';
  if (name === 'InvalidInputException' && shown.kind === 'state') return 'session-lost';
  return 'other';
}

function userFacingError(err: unknown, ctx: AwsCallContext): KernelError {
  const { name, message, status } = awsErrorShape(err);
  const text = message.trim().replace(/\.$/, '');
  const op = ctx.operation;
  const make = (kind: KernelError['kind'], msg: string, hint: string): KernelError =>
    new KernelError(kind, msg, { ename: name === 'Error' ? undefined : name, hint, cause: err });

  if (name === 'AbortError') {
    return new KernelError('cancelled', `${op} was interrupted.`, { cause: err });
  }
  if (ACCESS_DENIED.has(name)) return accessDenied(err, name, text, ctx);
  if (EXPIRED.has(name)) {
    return make(
      'credentials',
      `The AWS credentials have expired (${op}): ${text}.`,
      'Run %%assume_role again or refresh the profile (e.g. `aws sso login`); assumed roles refresh on their own.',
    );
  }
  if (BAD_KEYS.has(name)) {
    return make(
      'credentials',
      `AWS did not accept the credentials for ${op}: ${text}.`,
      'Check the access key and %profile, and that %region/%endpoint point where these keys are valid.',
    );
  }
  if (name === 'CredentialsProviderError' || name === 'ProviderError') {
    return make(
      'credentials',
      `No usable AWS credentials were found: ${text}.`,
      'Pick a profile with %profile NAME, set AWS_PROFILE, or give keys with %%assume_role.',
    );
  }
  if (THROTTLED.has(name)) {
    return make(
      'aws',
      `AWS throttled ${op}: ${text}.`,
      'Too many requests right now; wait a moment and run the cell again.',
    );
  }
  if (SERVER_SIDE.has(name) || (status !== undefined && status >= 500)) {
    return make(
      'aws',
      `AWS Glue failed to handle ${op}: ${text}.`,
      'This is on the service side; run the cell again in a moment.',
    );
  }
  if (name === 'TimeoutError') {
    return new KernelError(
      'aws',
      `${ctx.endpoint ?? 'The AWS endpoint'} did not answer ${op} in time: ${text.replace(/^@smithy\/[\w-]+ - (\[\w+\] )?/, '')}.`,
      { ename: 'ConnectionError', hint: 'Check the network, %region and %endpoint.', cause: err },
    );
  }
  const network = networkCode(err);
  if (network) {
    return new KernelError(
      'aws',
      `Could not reach ${ctx.endpoint ?? 'the AWS endpoint'} for ${op} (${network}).`,
      {
        ename: 'ConnectionError',
        hint: 'Check the network, %region and %endpoint.',
        cause: err,
      },
    );
  }
  switch (name) {
    case 'EntityNotFoundException':
      if (/connection/i.test(text)) {
        return make(
          'aws',
          `${op} failed: ${text}.`,
          `Glue connections are regional: check the name in %connections and that %region (${ctx.region ?? 'unset'}) is the connection's region.`,
        );
      }
      return make(
        'state',
        `${op} failed: ${text}.`,
        'The session no longer exists; run the cell again to start a new one.',
      );
    case 'IllegalSessionStateException':
      return make(
        'state',
        `${op} failed: ${text}.`,
        'The session cannot take this call in its current state; see %status, or %stop_session and run the cell again.',
      );
    case 'InvalidInputException':
      if (/not ready|session_id=|status=/i.test(text)) {
        return make(
          'state',
          `${op} failed: ${text}.`,
          'See %status; run the cell again to start a new session if it ended.',
        );
      }
      return make(
        'aws',
        `${op} was refused: ${text}.`,
        'A value sent to Glue is invalid; check the magic that set it (%status shows the settings).',
      );
    case 'ValidationException':
    case 'ValidationError':
      return validation(err, name, text, ctx);
    case 'AlreadyExistsException':
      return make(
        'aws',
        `${op} failed: ${text}.`,
        'A session with this id exists already; change %session_id_prefix or drop the custom session_id.',
      );
    case 'ResourceNumberLimitExceededException':
      return make(
        'aws',
        `${op} failed: ${text}.`,
        'The account has too many sessions; %list_sessions, then %stop_session or %delete_session unused ones.',
      );
    case 'ConcurrentModificationException':
      return make(
        'aws',
        `${op} failed: ${text}.`,
        'Another change to the session is in progress; run the cell again.',
      );
    case 'RegionDisabledException':
      return make(
        'credentials',
        `${op} failed: ${text}.`,
        'STS is not activated in this region; pick another with %region.',
      );
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
    case 'PackedPolicyTooLarge':
      return make(
        'credentials',
        `${op} failed: ${text}.`,
        'The session policy or tags sent with AssumeRole are not accepted.',
      );
    default:
      return make(
        'aws',
        `${op} failed (${name}): ${text}.`,
        'See the AWS message above; %status shows the settings in use.',
      );
  }
}

function accessDenied(err: unknown, name: string, text: string, ctx: AwsCallContext): KernelError {
  const op = ctx.operation;
  const explicit = /explicit deny/i.test(text);
  let hint: string;
  if (op === 'AssumeRole') {
    hint = /identity-based policy|explicit deny/i.test(text)
      ? `The caller's own policies do not allow sts:AssumeRole on ${ctx.role ?? 'this role'}; an administrator of the caller's account must allow it.`
      : `The trust policy of ${ctx.role ?? 'the role'} does not trust the caller (or the external id is wrong); see %status for who the caller is.`;
  } else if (/iam:PassRole/.test(text)) {
    hint =
      `The caller needs iam:PassRole on the session role ${ctx.role ?? ''}`.trim() +
      '; ask an administrator, or pick another role with %iam_role.';
  } else if (op === 'CreateSession' && explicit) {
    hint =
      'A policy forbids this session as requested; if it requires a VPC, add a network connection with %connections <name>.';
  } else {
    hint = `The caller may not call ${op}; check who you are with %status, or switch with %profile / %%assume_role.`;
  }
  const what = explicit ? 'was denied by an explicit deny' : 'was denied';
  return new KernelError('aws', `${op} ${what}: ${text}.`, { ename: name, hint, cause: err });
}

function validation(err: unknown, name: string, text: string, ctx: AwsCallContext): KernelError {
  if (/DurationSeconds|role chaining|MaxSessionDuration/i.test(text)) {
    const hint = /chaining/i.test(text)
      ? 'A role assumed from an assumed role lasts at most 1 hour: use duration 3600 or less in %%assume_role.'
      : "Ask for a shorter duration in %%assume_role, or raise the role's maximum session duration.";
    return new KernelError('credentials', `${ctx.operation} refused the duration: ${text}.`, {
      ename: name,
      hint,
      cause: err,
    });
  }
  return new KernelError('aws', `${ctx.operation} was refused: ${text}.`, {
    ename: name,
    hint: 'A value sent to AWS is invalid; check the magic that set it.',
    cause: err,
  });
}

function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a translated error says the session is gone or unusable (lost). */
export function isLostSessionError(err: unknown): boolean {
  return failureReason(err) === 'session-lost';
}

export function isThrottlingError(err: unknown): boolean {
  return failureReason(err) === 'throttled';
}
