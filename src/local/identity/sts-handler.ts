/**
 * STS over the query protocol (form-encoded `Action=...&Version=2011-06-15`): AssumeRole and
 * GetCallerIdentity, answered in AWS's XML shapes.
 */
import {
  AwsError,
  type Authenticated,
  type ConditionContext,
  type Decision,
  type HttpResponse,
  type Principal,
  type SignedRequest,
} from '../local-types.js';
import { assumedRolePrincipal, type RoleEntry } from './account-model.js';
import { authorizeAssumeRole } from './assume-role-authorizer.js';
import type { CredentialStore } from './credential-store.js';
import { stsError, stsResult } from './sts-xml.js';

export interface StsDependencies {
  store: CredentialStore;
  now: () => number;
  newRequestId: () => string;
  findRoleEntry: (arn: string) => RoleEntry | undefined;
  authorize: (
    principal: Principal,
    action: string,
    resource: string,
    context: ConditionContext,
  ) => Decision;
  /** Caps the lifetime of issued credentials (fault injection), seconds. */
  credentialLifetimeSeconds?: number;
  /** Our own log of why AssumeRole was refused (AWS's message does not say which side). */
  logDenial?: (detail: string) => void;
}

const VERSION = '2011-06-15';
const CHAINING_LIMIT_SECONDS = 3600;

function validation(field: string, value: string | undefined, constraint: string): AwsError {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
    400,
  );
}

function checkText(
  params: URLSearchParams,
  name: string,
  field: string,
  min: number,
  max: number,
  pattern?: RegExp,
): string | undefined {
  const value = params.get(name) ?? undefined;
  if (value === undefined) return undefined;
  if (value.length < min)
    throw validation(field, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw validation(field, value, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value))
    throw validation(
      field,
      value,
      `Member must satisfy regular expression pattern: ${pattern.source.slice(1, -1)}`,
    );
  return value;
}

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class StsHandler {
  constructor(private readonly deps: StsDependencies) {}

  async handle(request: SignedRequest, caller: Authenticated): Promise<HttpResponse> {
    const requestId = this.deps.newRequestId();
    try {
      const params = new URLSearchParams(request.body.toString('utf8'));
      // The query protocol also allows the parameters in the query string (GET).
      for (const [name, value] of new URLSearchParams(request.query))
        if (!params.has(name)) params.set(name, value);
      const action = params.get('Action');
      if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
      const version = params.get('Version');
      if (version !== null && version !== VERSION) {
        throw new AwsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${version}`,
          400,
        );
      }
      switch (action) {
        case 'GetCallerIdentity':
          return stsResult('GetCallerIdentity', this.callerIdentity(caller.principal), requestId);
        case 'AssumeRole':
          return stsResult('AssumeRole', this.assumeRole(params, caller.principal), requestId);
        default:
          throw new AwsError(
            'InvalidAction',
            `Could not find operation ${action} for version ${VERSION}`,
            400,
          );
      }
    } catch (error) {
      return this.errorResponse(error, requestId);
    }
  }

  /** Renders any failure (including authentication errors met before `handle`) as STS XML. */
  errorResponse(error: unknown, requestId = this.deps.newRequestId()): HttpResponse {
    if (error instanceof AwsError) return stsError(error, requestId);
    return stsError(
      new AwsError(
        'InternalFailure',
        'The request processing has failed because of an unknown error.',
        500,
      ),
      requestId,
    );
  }

  private callerIdentity(principal: Principal): Record<string, unknown> {
    return { Arn: principal.arn, UserId: principal.userId, Account: principal.accountId };
  }

  private assumeRole(params: URLSearchParams, caller: Principal): Record<string, unknown> {
    const roleArn = checkText(params, 'RoleArn', 'roleArn', 20, 2048);
    if (roleArn === undefined) throw validation('roleArn', undefined, 'Member must not be null');
    const sessionName = checkText(
      params,
      'RoleSessionName',
      'roleSessionName',
      2,
      64,
      /^[\w+=,.@-]*$/,
    );
    if (sessionName === undefined)
      throw validation('roleSessionName', undefined, 'Member must not be null');
    const externalId = checkText(params, 'ExternalId', 'externalId', 2, 1224, /^[\w+=,.@:/-]*$/);
    const durationText = params.get('DurationSeconds');
    const duration = durationText === null ? 3600 : Number(durationText);
    if (!Number.isInteger(duration))
      throw validation('durationSeconds', durationText ?? undefined, 'Member must be an integer');
    if (duration < 900)
      throw validation(
        'durationSeconds',
        String(duration),
        'Member must have value greater than or equal to 900',
      );
    if (duration > 43200)
      throw validation(
        'durationSeconds',
        String(duration),
        'Member must have value less than or equal to 43200',
      );
    if (params.has('Policy') || [...params.keys()].some((name) => name.startsWith('PolicyArns.'))) {
      throw new AwsError(
        'ValidationError',
        'Session policies (Policy, PolicyArns) are not supported by the local endpoint.',
        400,
      );
    }

    const role = this.deps.findRoleEntry(roleArn);
    const context: ConditionContext =
      externalId === undefined ? {} : { 'sts:ExternalId': externalId };
    const verdict = authorizeAssumeRole({
      caller,
      role,
      roleArn,
      context,
      identityDecision: this.deps.authorize(caller, 'sts:AssumeRole', roleArn, context),
    });
    if (!verdict.allowed || !role) {
      this.deps.logDenial?.(`AssumeRole of ${roleArn} by ${caller.arn} refused: ${verdict.reason}`);
      throw new AwsError('AccessDenied', verdict.message, 403);
    }
    if (caller.temporary && duration > CHAINING_LIMIT_SECONDS) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        400,
      );
    }
    if (duration > role.maxSessionDurationSeconds) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        400,
      );
    }

    const now = this.deps.now();
    const lifetime = Math.min(duration, this.deps.credentialLifetimeSeconds ?? duration);
    const principal = assumedRolePrincipal(role, sessionName);
    // Whole seconds, so the Expiration we print is exactly when the key stops working.
    const expiresAt = Math.floor(now / 1000) * 1000 + lifetime * 1000;
    const issued = this.deps.store.issue(principal, expiresAt, now);
    return {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: isoSeconds(issued.expiresAt ?? now),
      },
      AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
    };
  }
}
