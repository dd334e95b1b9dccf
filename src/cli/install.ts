/**
 * `glue-kernel install` / `uninstall`: the three kernelspecs. argv names absolute paths (this
 * node binary, this package's entry script), because a bare `python`/`node` in argv is what made
 * the official kernel start the wrong interpreter in venvs and VS Code.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs, UsageError } from './cli-usage.js';
import {
  KERNEL_ENVIRONMENT,
  KERNEL_FLAVOURS,
  KERNEL_NODE_FLAGS,
  type KernelFlavour,
} from '../app/kernel-kinds.js';
import { kernelsDir, type Environment, type InstallTarget } from './kernelspec-dirs.js';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The esbuild bundle (scripts/bundle.mjs): a kernel starts from one file, not ~40 modules.
export const ENTRY_SCRIPT = join(PACKAGE_ROOT, 'dist', 'bundle', 'glue-kernel.js');
const LOGOS = join(PACKAGE_ROOT, 'kernel', 'logos');

export const INSTALL_USAGE = `Usage: glue-kernel install [--user | --sys-prefix | --prefix DIR] [--official-names]
       glue-kernel uninstall [--user | --sys-prefix | --prefix DIR] [--official-names]

  --user            the user's Jupyter data dir (default; honours JUPYTER_DATA_DIR)
  --sys-prefix      the active Python environment (VIRTUAL_ENV, or python3's sys.prefix)
  --prefix DIR      DIR/share/jupyter/kernels
  --official-names  install as glue_pyspark / glue_spark / glue_pyspark_local, so notebooks made
                    with the official aws-glue-sessions kernel open with this one

Installing again replaces the kernelspecs of the same names, as \`python -m ipykernel install\` does
(--replace is accepted and changes nothing).`;

export interface KernelSpecJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'message';
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

export function kernelSpecFor(
  flavour: KernelFlavour,
  node = process.execPath,
  script = ENTRY_SCRIPT,
): KernelSpecJson {
  return {
    argv: [
      node,
      ...KERNEL_NODE_FLAGS,
      script,
      'kernel',
      '--kind',
      flavour.kind,
      '-f',
      '{connection_file}',
    ],
    display_name: flavour.displayName,
    language: flavour.language,
    interrupt_mode: 'message',
    env: { ...KERNEL_ENVIRONMENT },
    metadata: { debugger: false },
  };
}

export interface InstallOptions {
  target: InstallTarget;
  officialNames: boolean;
  environment?: Environment;
}

/**
 * Writes all three kernelspecs. One that exists already is replaced whole (its folder removed
 * first, so no stale file stays), as jupyter_client's install_kernel_spec does for
 * `python -m ipykernel install`: installing again after an upgrade must just work.
 */
export async function installKernelSpecs(
  options: InstallOptions,
): Promise<{ name: string; dir: string; replaced: boolean }[]> {
  const root = kernelsDir(options.target, options.environment);
  const planned = KERNEL_FLAVOURS.map((flavour) => {
    const name = options.officialNames ? flavour.officialName : flavour.name;
    const dir = join(root, name);
    return { flavour, name, dir, replaced: existsSync(dir) };
  });
  for (const { flavour, dir, replaced } of planned) {
    if (replaced) await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'kernel.json'),
      `${JSON.stringify(kernelSpecFor(flavour), null, 2)}\n`,
    );
    for (const logo of ['logo-32x32.png', 'logo-64x64.png'])
      await copyFile(join(LOGOS, logo), join(dir, logo));
  }
  return planned.map(({ name, dir, replaced }) => ({ name, dir, replaced }));
}

/** Removes the kernelspecs this package wrote (others with the same names are left alone). */
export async function uninstallKernelSpecs(options: InstallOptions): Promise<string[]> {
  const root = kernelsDir(options.target, options.environment);
  const removed: string[] = [];
  for (const flavour of KERNEL_FLAVOURS) {
    const dir = join(root, options.officialNames ? flavour.officialName : flavour.name);
    const spec = await readFile(join(dir, 'kernel.json'), 'utf8').catch(() => undefined);
    if (spec === undefined || !isOurs(spec)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

function isOurs(specText: string): boolean {
  try {
    const argv = (JSON.parse(specText) as { argv?: unknown }).argv;
    return (
      Array.isArray(argv) &&
      argv.some((a) => typeof a === 'string' && /glue-kernel(\.js)?$/.test(a))
    );
  } catch {
    return false;
  }
}

function readTarget(args: string[]): InstallOptions {
  const { values } = parseCommandArgs(
    args,
    {
      user: { type: 'boolean' },
      'sys-prefix': { type: 'boolean' },
      prefix: { type: 'string' },
      'official-names': { type: 'boolean' },
      // Accepted for scripts written before installing always replaced.
      replace: { type: 'boolean' },
    },
    INSTALL_USAGE,
  );
  const chosen = [values.user, values['sys-prefix'], values.prefix !== undefined].filter(
    Boolean,
  ).length;
  if (chosen > 1)
    throw new UsageError('Choose one of --user, --sys-prefix and --prefix DIR.', INSTALL_USAGE);
  if (values.prefix === '') throw new UsageError('--prefix needs a directory.', INSTALL_USAGE);
  const target: InstallTarget =
    values.prefix !== undefined
      ? { scope: 'prefix', dir: resolve(values.prefix) }
      : values['sys-prefix']
        ? { scope: 'sys-prefix' }
        : { scope: 'user' };
  return { target, officialNames: values['official-names'] ?? false };
}

export async function installCommand(args: string[]): Promise<number> {
  const options = readTarget(args);
  const installed = await installKernelSpecs(options);
  for (const { name, dir, replaced } of installed)
    console.log(
      `Installed kernelspec ${name} in ${dir}${replaced ? ' (replaced the one there)' : ''}`,
    );
  if (!existsSync(ENTRY_SCRIPT)) {
    console.error(
      `Warning: ${ENTRY_SCRIPT} does not exist yet; run \`npm run build\` before starting the kernels.`,
    );
  }
  return 0;
}

export async function uninstallCommand(args: string[]): Promise<number> {
  const { target, officialNames } = readTarget(args);
  const removed = await uninstallKernelSpecs({ target, officialNames });
  if (removed.length === 0)
    console.log(`No glue-kernel kernelspecs found in ${kernelsDir(target)}.`);
  for (const dir of removed) console.log(`Removed ${dir}`);
  return 0;
}
