/**
 * What a session's Python process sees in its environment. As on Glue, a session's code acts as
 * the session's role: it never inherits the keys of whoever started the endpoint or the kernel
 * (AWS_* variables and anything that looks secret are dropped), and it gets temporary credentials
 * of the session role with the AWS SDKs pointed at the local endpoint (docs/local-sessions.md).
 */

/** Names that look like they hold a secret (matched case-insensitively, anywhere in the name). */
const SECRET_LOOKING =
  /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY|AUTH/i;

/** The endpoint's own configuration, which names the accounts file (users' keys). */
const ENDPOINT_SETTINGS = new Set(['GLUE_KERNEL_LOCAL_ACCOUNTS']);

/** The parent environment minus AWS settings, secret-looking variables and the endpoint's own. */
export function inheritableEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (name.toUpperCase().startsWith('AWS_')) continue;
    if (SECRET_LOOKING.test(name) || ENDPOINT_SETTINGS.has(name)) continue;
    kept[name] = value;
  }
  return kept;
}

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface SessionEnvironmentInput {
  /** The endpoint as a session reaches it (loopback even when the endpoint binds 0.0.0.0). */
  endpointUrl: string;
  region: string;
  credentials: SessionCredentials;
}

/** Where no shared AWS config or credentials file is read from. */
const NO_FILE = process.platform === 'win32' ? 'NUL' : '/dev/null';

/** The AWS settings of a session: its role's temporary keys, its region, the local endpoint. */
export function sessionEnvironment(input: SessionEnvironmentInput): Record<string, string> {
  const { endpointUrl, region, credentials } = input;
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_CREDENTIAL_EXPIRATION: new Date(credentials.expiresAt).toISOString(),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_ENDPOINT_URL_GLUE: endpointUrl,
    AWS_ENDPOINT_URL_STS: endpointUrl,
    AWS_ENDPOINT_URL_S3: endpointUrl,
    // The user's ~/.aws files and instance metadata must not supply other credentials.
    AWS_CONFIG_FILE: NO_FILE,
    AWS_SHARED_CREDENTIALS_FILE: NO_FILE,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The URL a session uses to reach an endpoint bound to `host`:`port`. */
export function sessionEndpointUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  else if (parsed.hostname === '[::]') parsed.hostname = '[::1]';
  return parsed.origin;
}
