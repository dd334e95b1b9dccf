import { usageError } from '../../errors.js';
import { looksLikeSecretName } from '../../util/secrets.js';

/**
 * Credentials have one way in, %%assume_role, which never echoes them. Anything else that names a
 * credential (a %%configure key, a Spark setting such as spark.hadoop.fs.s3a.secret.key) would be
 * shown in the creation summary and sent to Glue as a plain session argument, so it is refused
 * without quoting its value. What is shown anyway is masked by the rule in util/secrets.ts.
 */

export const CREDENTIAL_HINT =
  'Let the session role (%iam_role) grant the access, or give keys to the kernel with %%assume_role, which never shows them.';

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
