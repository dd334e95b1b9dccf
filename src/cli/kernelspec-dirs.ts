/**
 * Where kernelspecs go, resolved the way Jupyter resolves them: --user → the Jupyter data dir,
 * --sys-prefix → the prefix of the Python environment Jupyter runs in, --prefix DIR → DIR.
 */
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type InstallTarget =
  { scope: 'user' } | { scope: 'sys-prefix' } | { scope: 'prefix'; dir: string };

export interface Environment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** sys.prefix of the python3 on PATH, or undefined when there is none. */
  pythonPrefix: () => string | undefined;
}

export function currentEnvironment(): Environment {
  return { env: process.env, platform: process.platform, home: homedir(), pythonPrefix };
}

export class TargetError extends Error {}

export function kernelsDir(
  target: InstallTarget,
  environment: Environment = currentEnvironment(),
): string {
  if (target.scope === 'prefix') return join(target.dir, 'share', 'jupyter', 'kernels');
  if (target.scope === 'sys-prefix') {
    const prefix =
      environment.env.VIRTUAL_ENV || environment.env.CONDA_PREFIX || environment.pythonPrefix();
    if (!prefix) {
      throw new TargetError(
        'No Python environment found for --sys-prefix (no VIRTUAL_ENV and no python3 on PATH). ' +
          'Activate the environment Jupyter runs in, or use --user or --prefix DIR.',
      );
    }
    return join(prefix, 'share', 'jupyter', 'kernels');
  }
  return join(userDataDir(environment), 'kernels');
}

function userDataDir({ env, platform, home }: Environment): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Jupyter');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'jupyter');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'jupyter');
}

function pythonPrefix(): string | undefined {
  for (const python of ['python3', 'python']) {
    try {
      const out = execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000,
      }).trim();
      if (out) return out;
    } catch {
      // try the next name
    }
  }
  return undefined;
}
