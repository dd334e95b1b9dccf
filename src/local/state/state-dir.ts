/** Where the local endpoint keeps its state unless told otherwise (docs/local-state.md). */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that names the state directory for the local kernel (and `glue-kernel local`). */
export const STATE_DIR_VARIABLE = 'GLUE_KERNEL_STATE_DIR';

/**
 * GLUE_KERNEL_STATE_DIR, else $XDG_STATE_HOME/glue-kernel, else ~/.local/state/glue-kernel
 * (the XDG Base Directory default for state that should survive restarts).
 */
export function defaultStateDir(env: Env = process.env, home: string = homedir()): string {
  const named = env[STATE_DIR_VARIABLE];
  if (named) return resolve(named);
  const xdg = env['XDG_STATE_HOME'];
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'state');
  return join(base, 'glue-kernel');
}
