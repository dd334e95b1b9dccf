/**
 * The bench's own Python venv (bench/.venv, git-ignored) with the peers it measures: the
 * official aws-glue-sessions kernel and ipykernel, pinned in bench/requirements.txt. Created and
 * updated by whoever needs it first (the bench, or the e2e test that runs the official kernel
 * against `glue-kernel local`), like scripts/ensure-test-env.sh does for the test venv: a stamp
 * records the requirements it was built from, so a later run installs nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './kernel-launch.js';

const run = promisify(execFile);
export const PEER_VENV = join(REPO_ROOT, 'bench', '.venv');
const REQUIREMENTS = join(REPO_ROOT, 'bench', 'requirements.txt');
const STAMP = join(PEER_VENV, '.glue-kernel-bench-reqs.sha');

/** pip cannot reach its package index (as configured: PIP_INDEX_URL, pip.conf), so nothing can be installed. */
export class PackageIndexUnreachable extends Error {
  constructor(detail: string) {
    super(`pip cannot reach its package index to install bench/requirements.txt: ${detail}`);
    this.name = 'PackageIndexUnreachable';
  }
}

export interface PeerPython {
  python: string;
  /** The pinned versions actually installed, for the results. */
  versions: Record<string, string>;
}

/** Makes sure bench/.venv has the pinned peers; returns its python and their versions. */
export async function ensurePeerVenv(log: (line: string) => void): Promise<PeerPython> {
  const python = join(PEER_VENV, 'bin', 'python');
  const requirements = await readFile(REQUIREMENTS, 'utf8');
  const want = createHash('sha256').update(requirements).digest('hex');
  const have = existsSync(STAMP) ? (await readFile(STAMP, 'utf8')).trim() : undefined;
  if (!existsSync(python) || have !== want) {
    log(`  installing the peers into ${PEER_VENV} (bench/requirements.txt)`);
    const system = process.env['GLUE_KERNEL_BENCH_PYTHON'] || 'python3';
    if (!existsSync(python)) await run(system, ['-m', 'venv', PEER_VENV]);
    await probePackageIndex(python);
    // --no-compile: byte-compiling all ~120 packages doubled the install time; Python compiles
    // the few modules a kernel imports on first use.
    const pip = [python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];
    await run(pip[0]!, [...pip.slice(1), '--no-compile', '-r', REQUIREMENTS], {
      maxBuffer: 16 * 2 ** 20,
    });
    await writeFile(STAMP, `${want}\n`);
  }
  const pinned = requirements
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('==')[0]!);
  const { stdout } = await run(python, [
    '-c',
    'import sys, importlib.metadata as m; print("\\n".join(f"{n}=={m.version(n)}" for n in sys.argv[1:]))',
    ...pinned,
  ]);
  const versions = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('==') as [string, string]),
  );
  return { python, versions };
}

/**
 * Asks pip's index for the official kernel's versions (quick, short timeout), so that a machine
 * without the index gets PackageIndexUnreachable at once instead of a long failing install.
 */
async function probePackageIndex(python: string): Promise<void> {
  const args = ['-m', 'pip', 'index', 'versions', 'aws-glue-sessions'];
  try {
    await run(python, [
      ...args,
      '--timeout',
      '15',
      '--retries',
      '1',
      '--disable-pip-version-check',
    ]);
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '');
    const reason = stderr
      .split('\n')
      .filter((line) => line.trim() && !line.includes('experimental command'))
      .join(' ');
    throw new PackageIndexUnreachable(reason || (err as Error).message);
  }
}
