import type { SessionSpec } from '../glue/local-session.js';
import type { Timers } from '../timers.js';
import { PythonWorker } from './python-worker.js';
import { workerScriptPath } from './worker-script.js';

export interface WorkerPoolOptions {
  /** Interpreter path; default GLUE_KERNEL_LOCAL_PYTHON, else `python3`. */
  python?: string;
  timers: Timers;
  startupTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** The interpreter (and its environment) for a session, when not the pool's own. */
  runtimeFor?: (session: SessionSpec | undefined) => WorkerRuntime | undefined;
  /** What a session's worker gets (its role's credentials...); released when the worker exits. */
  sessionSetup?: (session: SessionSpec) => SessionSetup;
}

export interface WorkerRuntime {
  python: string;
  env: Record<string, string>;
}

export interface SessionSetup {
  env: Record<string, string>;
  /** Longer than the pool's default when the worker installs modules before it is ready. */
  startupTimeoutMs?: number;
  release(): void;
}

/** How long after a standby is taken the next one starts (Spark start-up is CPU-heavy). */
const STANDBY_REFILL_DELAY_MS = 10_000;

/** The Python interpreter the local endpoint uses: option, then environment, then python3. */
export function resolvePython(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.GLUE_KERNEL_LOCAL_PYTHON || 'python3';
}

/**
 * Starts one Python worker per session and makes sure none outlives the endpoint: a worker counts
 * from its spawn, so closing the pool also kills one that is still starting (an interpreter
 * shim, or Python importing pyspark) instead of leaving it to whoever inherits it.
 */
export class WorkerPool {
  readonly python: string;
  private readonly live = new Set<PythonWorker>();
  private closed = false;
  private scriptPath?: string;
  private readonly startListeners: ((worker: PythonWorker) => void)[] = [];
  private standby?: Promise<{ worker: PythonWorker; python: string } | undefined>;
  /** The interpreter has no pyspark: a standby would save almost nothing. */
  private standbyUnwanted = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.python = resolvePython(options.python, options.env ?? process.env);
  }

  async start(session?: SessionSpec): Promise<PythonWorker> {
    if (this.closed) throw new Error('the local endpoint is shutting down');
    const runtime = this.runtimeOf(session);
    const setup = session ? this.options.sessionSetup?.(session) : undefined;
    const timeoutMs = setup?.startupTimeoutMs ?? this.options.startupTimeoutMs ?? 60_000;
    let worker: PythonWorker | undefined;
    try {
      worker = await this.claimStandby(runtime.python, setup?.env ?? {}, timeoutMs);
      if (worker) worker.onExit(() => setup?.release());
      else worker = await this.spawn(runtime, { ...setup?.env }, timeoutMs, () => setup?.release());
    } catch (err) {
      setup?.release();
      throw err;
    }
    if (this.closed) {
      await worker.kill();
      throw new Error('the local endpoint is shutting down');
    }
    for (const listener of this.startListeners) listener(worker);
    return worker;
  }

  /**
   * Keeps one worker started ahead of the next session (warm standby): with pyspark, it has
   * Spark running already, so a new session's first Spark statement does not wait for the JVM.
   * A Python without pyspark gains too little to keep one.
   */
  keepStandby(): void {
    if (this.closed || this.standby || this.standbyUnwanted) return;
    // The runtime of a session that names no GlueVersion (the kernel's default, 4.0).
    const runtime = this.runtimeOf(undefined);
    this.standby = this.spawn(
      runtime,
      { GLUE_KERNEL_STANDBY: '1' },
      this.options.startupTimeoutMs ?? 60_000,
    )
      .then((worker) => {
        if (!worker.hasPyspark) {
          this.standbyUnwanted = true;
          void worker.kill();
          return undefined;
        }
        return { worker, python: runtime.python };
      })
      .catch((err: unknown) => {
        this.options.log?.(`standby worker did not start: ${(err as Error).message}`);
        return undefined;
      });
  }

  /** The session's runtime (by its GlueVersion), else the pool's interpreter. */
  private runtimeOf(session: SessionSpec | undefined): WorkerRuntime {
    return this.options.runtimeFor?.(session) ?? { python: this.python, env: {} };
  }

  /** Hands the standby worker (if it runs the same Python) its session; the next one follows. */
  private async claimStandby(
    python: string,
    env: Record<string, string>,
    timeoutMs: number,
  ): Promise<PythonWorker | undefined> {
    const standby = this.standby;
    if (!standby) return undefined;
    const ready = await standby;
    if (this.standby !== standby) return this.claimStandby(python, env, timeoutMs); // taken meanwhile
    if (ready && ready.python !== python) return undefined; // another runtime's: kept for later
    this.standby = undefined;
    // The next one starts once this session's first statement has had the machine to itself.
    this.options.timers.after(STANDBY_REFILL_DELAY_MS, () => this.keepStandby());
    const worker = ready?.worker;
    if (!worker?.alive) return undefined;
    try {
      await worker.configure(env, timeoutMs);
      return worker;
    } catch (err) {
      await worker.kill();
      throw err;
    }
  }

  private spawn(
    runtime: WorkerRuntime,
    env: Record<string, string>,
    startupTimeoutMs: number,
    onExit?: () => void,
  ): Promise<PythonWorker> {
    this.scriptPath ??= workerScriptPath();
    return PythonWorker.start({
      python: runtime.python,
      scriptPath: this.scriptPath,
      timers: this.options.timers,
      startupTimeoutMs,
      env: { ...this.options.env, ...runtime.env, ...env },
      log: this.options.log,
      onSpawn: (spawned) => {
        this.live.add(spawned);
        spawned.onExit(() => {
          this.live.delete(spawned);
          onExit?.();
        });
      },
    });
  }

  /** Sees each worker once it has started (diagnostics, and tests that follow one worker). */
  onStart(listener: (worker: PythonWorker) => void): void {
    this.startListeners.push(listener);
  }

  /** Workers whose process is running (ready or still starting). */
  get size(): number {
    return this.live.size;
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live].map((w) => w.kill()));
    this.live.clear();
  }
}
