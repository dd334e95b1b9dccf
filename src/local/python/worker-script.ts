import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a local session's Python files are, resolved from this module's own URL (no search):
 *
 * - session_worker.py sits beside this module: in src/local/python, and in the built kernel
 *   because the build copies it beside dist/local/python/*.js and the bundle's chunks in
 *   dist/bundle (scripts/copy-python-worker.mjs).
 * - python/awsglue_local (our `awsglue`) stays in the package's python/ folder: three levels up
 *   from src/local/python and dist/local/python, two from dist/bundle.
 */
export function workerScriptPath(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL('session_worker.py', moduleUrl));
}

/** From the bundle first: from src/ or dist/local/python that URL is a folder that does not exist. */
const AWSGLUE_LOCAL = ['../../python/awsglue_local', '../../../python/awsglue_local'];

/** python/awsglue_local of the installed package, if the package ships it. */
export function awsglueLocalPath(moduleUrl: string = import.meta.url): string | undefined {
  return AWSGLUE_LOCAL.map((relative) => fileURLToPath(new URL(relative, moduleUrl))).find((path) =>
    existsSync(path),
  );
}
