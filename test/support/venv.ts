import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in test/support). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The project's Python venv, created by scripts/ensure-test-env.sh. */
export const venvDir = join(repoRoot, '.venv');

/** Absolute path of an executable in the venv, e.g. venvBin('aws'), venvBin('moto_server'). */
export function venvBin(name: string): string {
  return join(venvDir, 'bin', name);
}

/** True when the venv's executable exists (tests that need it skip with a reason otherwise). */
export function hasVenvBin(name: string): boolean {
  return existsSync(venvBin(name));
}

/**
 * Skips a test whose tool is missing on a developer's machine, but fails it under CI (CI=true),
 * where scripts/ensure-test-env.sh must have installed everything: a skip there would hide a
 * broken set-up.
 */
export function skipUnlessAvailable(ctx: Mocha.Context, available: boolean, what: string): void {
  if (available) return;
  if (process.env['CI'])
    throw new Error(`${what} is missing under CI; scripts/ensure-test-env.sh installs it`);
  console.log(`      skipped: ${what} is missing (run scripts/ensure-test-env.sh)`);
  ctx.skip();
}
