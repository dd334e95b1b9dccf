import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = 'session_worker.py';
const PACKAGE_NAME = 'glue-kernel';

/**
 * Finds session_worker.py at run time. tsc does not copy .py files into dist/, so next to this
 * module (src/ under tsx) is tried first, then src/local/python under the package root, found by
 * walking up from this module to the package.json named glue-kernel.
 */
export function workerScriptPath(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const beside = join(here, SCRIPT);
  if (existsSync(beside)) return beside;
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'src', 'local', 'python', SCRIPT);
    if (isPackageRoot(dir) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `cannot find ${SCRIPT} (looked beside ${here} and under the ${PACKAGE_NAME} package root)`,
  );
}

/** The glue-kernel package's root folder (where its package.json is), found from this module. */
export function packageRoot(moduleUrl: string = import.meta.url): string | undefined {
  for (let dir = dirname(fileURLToPath(moduleUrl)); ; dir = dirname(dir)) {
    if (isPackageRoot(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isPackageRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
