/**
 * What a local session's worker gets besides its identity (session-environment.ts): the
 * session's DefaultArguments as its sys.argv (as on Glue), our `awsglue` package, and where the
 * endpoint keeps objects and state (docs/local-sessions.md).
 */
import { join } from 'node:path';
import { awsglueLocalPath } from './worker-script.js';

export interface SessionRuntimeInput {
  /** The session's DefaultArguments (`--KEY` → value). */
  defaultArguments: Record<string, string>;
  /** The endpoint's state directory. */
  stateDir: string;
  /** Buckets mapped to existing folders (absolute paths), from the accounts file. */
  buckets?: Record<string, string>;
}

/** sys.argv of a Glue session: the program name, then `--KEY value` for each argument. */
export function sessionArgv(defaultArguments: Record<string, string>): string[] {
  return ['glue-session', ...Object.entries(defaultArguments).flat()];
}

/** pip may take minutes for --additional-python-modules (the first time: later it is cached). */
export function sessionStartupTimeoutMs(
  defaultArguments: Record<string, string>,
): number | undefined {
  return defaultArguments['--additional-python-modules'] ? 10 * 60_000 : undefined;
}

/** The environment variables the worker reads (session_worker.py's apply_session_settings). */
export function sessionRuntimeEnvironment(input: SessionRuntimeInput): Record<string, string> {
  const awsglue = awsglueLocalPath();
  return {
    GLUE_KERNEL_SESSION_ARGV: JSON.stringify(sessionArgv(input.defaultArguments)),
    GLUE_KERNEL_STATE_DIR: input.stateDir,
    GLUE_KERNEL_S3_ROOT: join(input.stateDir, 's3'),
    GLUE_KERNEL_S3_BUCKETS: JSON.stringify(input.buckets ?? {}),
    GLUE_KERNEL_CACHE_DIR: join(input.stateDir, 'cache'),
    ...(awsglue ? { GLUE_KERNEL_AWSGLUE_PATH: awsglue } : {}),
  };
}
