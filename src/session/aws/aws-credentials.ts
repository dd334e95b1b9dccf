import type { Clock } from '../../util/clock.js';
import type { AssumeRoleSpec, CallerIdentity, StaticCredentialsSpec } from '../session-service.js';

/**
 * Credentials as the session layer sees them: async providers (the SDK's own shape), a broker that
 * makes them (the SDK-backed one lives in sdk-credential-broker.ts and is loaded lazily), and a
 * refreshing cache that re-fetches temporary credentials before they expire, so a notebook that
 * runs for hours on an assumed role keeps working (the official kernel's credentials died at 1 h).
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<AwsCredentials>;

/** Where STS is reached. */
export interface StsTarget {
  region: string;
  endpoint?: string;
}

export interface AssumeRoleRequest extends AssumeRoleSpec {
  sessionName: string;
}

export interface CredentialBroker {
  /** The SDK's node provider chain, or the named profile (SSO, credential_process, role_arn...). */
  base(profile: string | undefined): CredentialProvider;
  /** Temporary credentials for `request.roleArn`, asked for with `master` as the caller. */
  assumeRole(
    master: CredentialProvider,
    request: AssumeRoleRequest,
    target: StsTarget,
  ): CredentialProvider;
  /** GetCallerIdentity with these credentials. */
  callerIdentity(
    credentials: CredentialProvider,
    target: StsTarget,
    signal?: AbortSignal,
  ): Promise<CallerIdentity>;
}

export function staticCredentials(keys: StaticCredentialsSpec): CredentialProvider {
  const frozen: AwsCredentials = Object.freeze({ ...keys });
  return () => Promise.resolve(frozen);
}

export interface RefreshingProvider extends CredentialProvider {
  /** Forget the cached credentials (e.g. after the service said they expired). */
  invalidate(): void;
}

/** Refresh this long before expiry, as the SDK does. */
const DEFAULT_MARGIN_MS = 5 * 60_000;

/**
 * Caches what `inner` returns until `marginMs` before its expiration (by the injected clock);
 * concurrent callers share one fetch; a failed fetch is not cached.
 */
export function refreshingCredentials(
  inner: CredentialProvider,
  clock: Clock,
  marginMs = DEFAULT_MARGIN_MS,
): RefreshingProvider {
  let cached: AwsCredentials | undefined;
  let inFlight: Promise<AwsCredentials> | undefined;
  const fresh = (c: AwsCredentials): boolean =>
    !c.expiration || c.expiration.getTime() - marginMs > clock.now();
  const provider = (async () => {
    if (cached && fresh(cached)) return cached;
    inFlight ??= inner().then(
      (c) => {
        cached = c;
        inFlight = undefined;
        return c;
      },
      (err: unknown) => {
        inFlight = undefined;
        throw err;
      },
    );
    return inFlight;
  }) as RefreshingProvider;
  provider.invalidate = () => {
    cached = undefined;
  };
  return provider;
}

/** RoleSessionName: `glue-kernel-<user>`, restricted to STS's alphabet and 64 characters. */
export function defaultRoleSessionName(callerArn: string | undefined): string {
  const user = callerArn?.split('/').pop() ?? 'user';
  return `glue-kernel-${user}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
