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
  /** What a session's worker gets (its role's credentials...); released when the worker exits. */
  sessionSetup?: (session: SessionSpec) => SessionSetup;
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
  private standby?: Promise<PythonWorker | undefined>;
  /** The interpreter has no pyspark: a standby would save almost nothing. */
  private standbyUnwanted = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.python = resolvePython(options.python, options.env ?? process.env);
  }

  async start(session?: SessionSpec): Promise<PythonWorker> {
    if (this.closed) throw new Error('the local endpoint is shutting down');
    const setup = session ? this.options.sessionSetup?.(session) : undefined;
    const timeoutMs = setup?.startupTimeoutMs ?? this.options.startupTimeoutMs ?? 60_000;
    let worker: PythonWorker | undefined;
    try {
      worker = await this.claimStandby(setup?.env ?? {}, timeoutMs);
      if (worker) worker.onExit(() => setup?.release());
      else worker = await this.spawn({ ...setup?.env }, timeoutMs, () => setup?.release());
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
    const standby = this.spawn(
      { GLUE_KERNEL_STANDBY: '1' },
      this.options.startupTimeoutMs ?? 60_000,
    )
      .then((worker) => {
        if (!worker.hasPyspark) {
          this.standbyUnwanted = true;
          void worker.kill();
          return undefined;
        }
        return worker;
      })
      .catch((err: unknown) => {
        this.options.log?.(`standby worker did not start: ${(err as Error).message}`);
        return undefined;
      });
    this.standby = standby;
  }

  /** Hands the standby worker (if any) its session and starts the next standby. */
  private async claimStandby(
    env: Record<string, string>,
    timeoutMs: number,
  ): Promise<PythonWorker | undefined> {
    const standby = this.standby;
    if (!standby) return undefined;
    this.standby = undefined;
    const worker = await standby;
    // The next one starts once this session's first statement has had the machine to itself.
    this.options.timers.after(STANDBY_REFILL_DELAY_MS, () => this.keepStandby());
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
    env: Record<string, string>,
    startupTimeoutMs: number,
    onExit?: () => void,
  ): Promise<PythonWorker> {
    this.scriptPath ??= workerScriptPath();
    return PythonWorker.start({
      python: this.python,
      scriptPath: this.scriptPath,
      timers: this.options.timers,
      startupTimeoutMs,
      env: { ...this.options.env, ...env },
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
