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

  constructor(private readonly options: WorkerPoolOptions) {
    this.python = resolvePython(options.python, options.env ?? process.env);
  }

  async start(session?: SessionSpec): Promise<PythonWorker> {
    if (this.closed) throw new Error('the local endpoint is shutting down');
    this.scriptPath ??= workerScriptPath();
    const setup = session ? this.options.sessionSetup?.(session) : undefined;
    let worker: PythonWorker;
    try {
      worker = await PythonWorker.start({
        python: this.python,
        scriptPath: this.scriptPath,
        timers: this.options.timers,
        startupTimeoutMs: setup?.startupTimeoutMs ?? this.options.startupTimeoutMs ?? 60_000,
        env: { ...this.options.env, ...setup?.env },
        log: this.options.log,
        onSpawn: (spawned) => {
          this.live.add(spawned);
          spawned.onExit(() => {
            this.live.delete(spawned);
            setup?.release();
          });
        },
      });
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
