/**
 * The one rule for secrets in whatever the kernel shows or quotes: outputs, errors, the
 * `glue-kernel run` transcript and logs. A setting whose name holds a credential word (secret,
 * password, token, access/account/private key) has its value shown as MASK, wherever it sits: a
 * magic's argument, a key nested in a %%configure dict, a `KEY=VALUE` Spark setting. So has the
 * user-info part of a URL (`https://user:TOKEN@host/...`), a common way to pass a package index
 * password. Settings refuse credentials where a user types them (session/settings/secret-settings.ts); this
 * masks them everywhere else, e.g. values read from the environment or nested in a dict.
 */
export const MASK = '***';

const SECRET_WORDS = String.raw`secret|passw(?:or)?d|token(?![a-z])|(?:access|account|private)[_.-]?key`;
const SECRET_NAME = new RegExp(SECRET_WORDS, 'i');

/** A key such as aws_secret_access_key, fs.s3a.session.token, '--db_password' (maybe quoted). */
const SECRET_KEY = String.raw`(["']?)[\w.-]{0,64}(?:${SECRET_WORDS})[\w.-]{0,64}\2`;
const QUOTED = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`;
/** key, then `:`, `=` or `:=` (not `==`), then a quoted or bare value. */
const SECRET_ASSIGNMENT = new RegExp(
  String.raw`(${SECRET_KEY}\s*(?::=|[:=])(?!=)\s*)(?:${QUOTED}|[^\s,;})\]"']+)`,
  'gi',
);
/**
 * scheme://USERINFO@ — the user part too, since tokens are often passed as the user name. Also
 * the forms a URL takes once quoted by other code: one slash (`https:/user:pw@`, after a path
 * normalisation such as os.path.abspath), backslashes (a Windows path, a JSON `\/`) and
 * percent-encoding (`https%3A%2F%2Fuser%3Apw%40host`, from urllib's quote). A scheme starts
 * where no scheme character precedes it: matching from inside a long `a.b.c...` run again and
 * again would take time quadratic in its length.
 */
const URL_USER_INFO =
  /(?<=^|[^a-z\d+.-]|%2f|%5c)([a-z][a-z\d+.-]*(?::|%3a)(?:[/\\]|%2f|%5c)+)(?:(?!%2f|%5c|%40)[^\s/\\?#@'"])+(?:@|%40)/gi;

/** `fs.s3a.secret.key`, `aws_secret_access_key`, `ConnectionPassword`, `spark.x.token`… */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `text` with credential values (`KEY=VALUE`, `'key': 'value'`) and URL user info masked. */
export function maskSecretsInText(text: string): string {
  return text
    .replace(
      URL_USER_INFO,
      (match, scheme: string) => `${scheme}${MASK}${match.endsWith('@') ? '@' : '%40'}`,
    )
    .replace(SECRET_ASSIGNMENT, (_match, key: string) => `${key}${MASK}`);
}

/**
 * A copy of a setting's value (a string, or a dict/list of them as %%configure takes) with the
 * values under credential-like keys and the secrets inside strings masked.
 */
export function maskSecretValues<T>(value: T, key?: string): T {
  if (key !== undefined && looksLikeSecretName(key) && value !== null && typeof value !== 'object')
    return MASK as T;
  if (typeof value === 'string') return maskSecretsInText(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskSecretValues(item, key)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskSecretValues(v, k)]),
    ) as T;
  }
  return value;
}
