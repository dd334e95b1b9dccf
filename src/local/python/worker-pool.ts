import type { SessionSpec } from '../glue/local-session.js';
import type { Clock } from '../../util/clock.js';
import { PythonWorker } from './python-worker.js';
import { workerScriptPath } from './worker-script.js';

export interface WorkerPoolOptions {
  /** Interpreter path; default GLUE_KERNEL_LOCAL_PYTHON, else `python3`. */
  python?: string;
  timers: Clock;
  startupTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** The interpreter (and its environment) of a GlueVersion, when not the pool's own. */
  runtimeFor?: (glueVersion: string | undefined) => WorkerRuntime | undefined;
  /** What a session's worker gets (its role's credentials...); released when the worker exits. */
  sessionSetup?: (session: SessionSpec) => SessionSetup;
  /** How long a statement may ignore the interrupt (PythonWorker's INTERRUPT_GRACE_MS). */
  interruptGraceMs?: number;
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
  /** The standby worker (undefined once it turns out unusable) and the interpreter it runs. */
  private standby?: { python: string; ready: Promise<PythonWorker | undefined> };
  /** Whether to keep a standby, and the GlueVersion whose runtime it runs. */
  private standbyWanted = false;
  private standbyGlueVersion: string | undefined;
  private standbyRefillPending = false;
  /** Interpreters without pyspark: a standby of theirs would save almost nothing. */
  private readonly withoutPyspark = new Set<string>();

  constructor(private readonly options: WorkerPoolOptions) {
    this.python = resolvePython(options.python, options.env ?? process.env);
  }

  async start(session?: SessionSpec): Promise<PythonWorker> {
    if (this.closed) throw new Error('the local endpoint is shutting down');
    const runtime = this.runtimeOf(session?.glueVersion);
    // The standby follows the runtime sessions use (a notebook's %glue_version, say).
    if (session) this.standbyGlueVersion = session.glueVersion;
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
   * A Python without pyspark gains too little to keep one. It runs the runtime of `glueVersion`
   * (default: that of a session naming none, 4.0) until a session of another runtime starts;
   * the next one then runs that session's runtime.
   */
  keepStandby(glueVersion?: string): void {
    if (!this.standbyWanted) this.standbyGlueVersion = glueVersion;
    this.standbyWanted = true;
    if (this.closed || this.standby) return;
    const runtime = this.runtimeOf(this.standbyGlueVersion);
    if (this.withoutPyspark.has(runtime.python)) return;
    const starting = {
      python: runtime.python,
      ready: this.spawn(
        runtime,
        { GLUE_KERNEL_STANDBY: '1' },
        this.options.startupTimeoutMs ?? 60_000,
      )
        .then((worker) => {
          if (worker.hasPyspark) return worker;
          this.withoutPyspark.add(runtime.python);
          if (this.standby === starting) this.standby = undefined;
          void worker.kill();
          return undefined;
        })
        .catch((err: unknown) => {
          this.options.log?.(`standby worker did not start: ${(err as Error).message}`);
          return undefined;
        }),
    };
    this.standby = starting;
  }

  /** The next standby starts once a new session's first statement had the machine to itself. */
  private refillStandbyLater(): void {
    if (!this.standbyWanted || this.standbyRefillPending) return;
    this.standbyRefillPending = true;
    this.options.timers.after(STANDBY_REFILL_DELAY_MS, () => {
      this.standbyRefillPending = false;
      this.keepStandby();
    });
  }

  /** The runtime of a GlueVersion, else the pool's interpreter. */
  private runtimeOf(glueVersion: string | undefined): WorkerRuntime {
    return this.options.runtimeFor?.(glueVersion) ?? { python: this.python, env: {} };
  }

  /**
   * Hands the standby worker its session if it runs the session's Python; one of another runtime
   * is stopped. Either way the next standby (of this session's runtime) follows.
   */
  private async claimStandby(
    python: string,
    env: Record<string, string>,
    timeoutMs: number,
  ): Promise<PythonWorker | undefined> {
    const standby = this.standby;
    if (!standby) {
      this.refillStandbyLater(); // e.g. the previous runtime had no pyspark, this one may
      return undefined;
    }
    if (standby.python !== python) {
      // Another runtime's Spark, idle: its memory is better freed (once it has started).
      this.standby = undefined;
      this.refillStandbyLater();
      void standby.ready.then((worker) => worker?.kill());
      return undefined;
    }
    const worker = await standby.ready;
    if (this.standby !== standby) return this.claimStandby(python, env, timeoutMs); // taken meanwhile
    this.standby = undefined;
    this.refillStandbyLater();
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
      interruptGraceMs: this.options.interruptGraceMs,
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
