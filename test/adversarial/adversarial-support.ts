/**
 * What every part of the adversarial pass shares: the built `glue-kernel` (dist/) started as a
 * kernel or as `glue-kernel local`, a process-table check that finds anything a run left behind,
 * and counters. Every process a part starts carries ADVERSARIAL_TAG in its environment (workers
 * get GLUE_KERNEL_STATE_DIR, which holds it), so leftovers are found without knowing their pids.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../src/client/kernel-client.js';
import { REPO_ROOT } from '../support/kernel-argv.js';

export const BUILT_CLI = join(REPO_ROOT, 'dist', 'bundle', 'glue-kernel.js');

/** `glue-kernel ARGS...` from the build (what users run). */
export function builtCommand(...args: string[]): string[] {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first.`);
  return [process.execPath, BUILT_CLI, ...args];
}

/** A per-run scratch directory whose name marks every process started under it. */
export function scratchDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `glue-adversarial-${tag}-`));
}

/** Pids of live (non-zombie) processes whose environment or command line mentions `marker`. */
export function processesMentioning(marker: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (env.includes(marker) || cmd.includes(marker))
        found.push({ pid: Number(entry), cmd: cmd.slice(0, 160) });
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return found;
}

/** Waits (bounded) until no process mentions `marker`; returns those still there. */
export async function leftovers(
  marker: string,
  timeoutMs = 15_000,
): Promise<{ pid: number; cmd: string }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = processesMentioning(marker);
    if (found.length === 0 || Date.now() > deadline) return found;
    await sleep(200);
  }
}

/** Kills whatever a part left (after it has been counted), so the next part starts clean. */
export function killAll(found: { pid: number }[]): void {
  for (const { pid } of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

export interface BuiltKernel {
  client: KernelClient;
  /** The kernel's stderr (its log) goes to this file. */
  logFile: string;
}

/**
 * The built kernel of `kind`, its stderr appended to `logFile` (a shell redirects it, so the log
 * is complete rather than the client's bounded tail).
 */
export async function startBuiltKernel(
  kind: 'local' | 'pyspark',
  env: Record<string, string | undefined>,
  logFile: string,
): Promise<BuiltKernel> {
  const argv = builtCommand('kernel', '--kind', kind, '-f', '{connection_file}');
  const client = await KernelClient.start({
    argv: ['bash', '-c', 'exec "$@" 2>>"$ADVERSARIAL_LOG"', 'bash', ...argv],
    env: { ...env, ADVERSARIAL_LOG: logFile },
    startTimeoutMs: 60_000,
  });
  return { client, logFile };
}

/** A base environment: nothing of the machine's AWS user, tagged for the process check. */
export function baseEnvironment(tag: string, stateDir: string): Record<string, string | undefined> {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    GLUE_KERNEL_STATE_DIR: stateDir,
    GLUE_KERNEL_RUNTIMES_DIR: '/nonexistent/glue-runtimes',
    ADVERSARIAL_TAG: tag,
  };
}

export interface EndpointProcess {
  child: ChildProcess;
  exports: Record<string, string>;
  url: string;
  /** Everything it wrote to stderr (its log). */
  log(): string;
}

/** `glue-kernel local` from the build, until it prints its environment. */
export async function startBuiltEndpoint(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<EndpointProcess> {
  const [node, ...rest] = builtCommand('local', '--port', '0', ...args);
  const child = spawn(node!, rest, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`endpoint exited (${code}): ${output}${log}`)));
  });
  child.stdout!.resume();
  const exports = Object.fromEntries(
    [...output.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
  );
  return { child, exports, url: exports['AWS_ENDPOINT_URL_GLUE']!, log: () => log };
}

/** Counts by name, printed as a sorted object. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** A finding: something the pass says must never happen. */
export class Findings {
  readonly items: string[] = [];
  add(what: string): void {
    if (this.items.length < 200) this.items.push(what.slice(0, 400));
    process.stderr.write(`  FINDING: ${what.slice(0, 400)}\n`);
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every value of a `secretAccessKey` member anywhere in a JSON document (an accounts file). */
export function secretKeysIn(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(secretKeysIn);
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([key, value]) =>
    key === 'secretAccessKey' && typeof value === 'string' ? [value] : secretKeysIn(value),
  );
}

/** Which of `secrets` occur in `text` (each reported by its first 6 characters only). */
export function secretsIn(text: string, secrets: Iterable<string>): string[] {
  const hits: string[] = [];
  for (const secret of secrets) if (secret && text.includes(secret)) hits.push(secret.slice(0, 6));
  return hits;
}

/** The shared result shape of a part. */
export interface PartResult {
  part: string;
  seconds: number;
  counts: Record<string, number>;
  findings: string[];
}
