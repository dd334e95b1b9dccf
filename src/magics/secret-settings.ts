import { usageError } from '../errors.js';

/**
 * Credentials have one way in, %%assume_role, which never echoes them. Anything else that names a
 * credential (a %%configure key, a Spark setting such as spark.hadoop.fs.s3a.secret.key) would be
 * printed back, shown in the creation summary and sent to Glue as a plain session argument, so it
 * is refused without quoting its value.
 */

const SECRET_NAME = /secret|session_?token|access_?key|password|passwd|account_?key|private_?key/i;

export const CREDENTIAL_HINT =
  'Let the session role (%iam_role) grant the access, or give keys to the kernel with %%assume_role, which never shows them.';

/** `fs.s3a.secret.key`, `aws_secret_access_key`, `ConnectionPassword`… */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name.replace(/[.-]/g, '_'));
}

/** The `KEY=VALUE` pairs of a raw `--conf` value (`a=1 --conf b=2`). */
function confPairs(conf: string): { key: string; at: number }[] {
  return conf
    .split(/\s+/)
    .filter((word) => word !== '' && word !== '--conf')
    .map((word) => ({ key: word.split('=')[0] ?? '', at: word.indexOf('=') }))
    .filter((pair) => pair.at > 0);
}

/** Throws a usage error naming (never showing) the first Spark setting that holds a credential. */
export function refuseSecretSparkConf(conf: string): void {
  const secret = confPairs(conf).find((pair) => looksLikeSecretName(pair.key));
  if (secret !== undefined) {
    throw usageError(
      `The Spark setting '${secret.key}' holds a credential; credentials do not belong in Spark settings, which Glue keeps as plain session arguments.`,
      CREDENTIAL_HINT,
    );
  }
}

/** The raw `--conf` value with the values of credential-like settings replaced, for display. */
export function maskSecretSparkConf(conf: string): string {
  return conf
    .split(/(\s+)/)
    .map((word) => {
      const at = word.indexOf('=');
      return at > 0 && looksLikeSecretName(word.slice(0, at)) ? `${word.slice(0, at)}=****` : word;
    })
    .join('');
}
