import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Clock } from '../../util/clock.js';
import { killProcessTree } from './process-tree.js';
import { inheritableEnvironment } from './session-environment.js';

/** What one statement produced, as the worker reports it. */
export interface StatementResult {
  status: 'ok' | 'error';
  /** stdout and stderr in write order, then the repr of the last expression. */
  output: string;
  errorName?: string;
  errorValue?: string;
  traceback?: string[];
  /** From `%matplot VAR` (image/png, base64) or `%plotly VAR` (text/html). */
  mimeType?: string;
  mimeResult?: string;
}

export interface PythonWorkerOptions {
  python: string;
  scriptPath: string;
  timers: Clock;
  startupTimeoutMs: number;
  /** Added to the parent's environment, of which AWS settings and secrets are not inherited. */
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** Sees the worker as soon as its process exists, before it is ready (so it can be killed). */
  onSpawn?: (worker: PythonWorker) => void;
  /** How long a statement may ignore the interrupt; default INTERRUPT_GRACE_MS (tests shorten it). */
  interruptGraceMs?: number;
}

interface ReadyMessage {
  type: 'ready';
  python: string;
  pyspark: boolean;
  /** Started without a session (warm standby): it waits for `configure` before statements. */
  standby?: boolean;
  /** The session's settings could not be applied (a failed pip install, a missing py file). */
  settings_error?: string;
}

interface ConfiguredMessage {
  type: 'configured';
  error?: string;
}

/**
 * The worker runs, but the session's settings could not be applied in it (a failed
 * `--additional-python-modules` install, a missing `--extra-py-files` file): the session fails
 * with this reason, which is about the settings, not about the interpreter.
 */
export class SessionSettingsError extends Error {
  override name = 'SessionSettingsError';
}

interface StartedMessage {
  type: 'started';
  id: number;
}

interface ResultMessage {
  type: 'result';
  id: number;
  status: 'ok' | 'error';
  output?: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  mime_type?: string;
  mime_result?: string;
}

const INTERRUPT_REPEAT_MS = 200;

/**
 * How long a statement may go on after the first SIGINT before the worker and every process it
 * started are killed (which ends the session: its variables are lost with the process). Long
 * enough for a statement that does respond (PySpark cancels its jobs, a long C call returns,
 * `finally` blocks run); shorter than the kernel's 10 s wait for a cancel to be confirmed
 * (docs/local-sessions.md), so the interrupted cell itself can say what happened.
 */
export const INTERRUPT_GRACE_MS = 8_000;

/** The worker's exit reason when it was stopped for ignoring the interrupt. */
function interruptIgnoredReason(graceMs: number): string {
  return (
    `the statement ignored the interrupt for ${Math.round(graceMs / 1000)} s, so the session's ` +
    "Python and every process it started were stopped; the session's variables are gone"
  );
}

/** Kept from the worker's stderr for error messages (startup failures, crashes). */
const STDERR_TAIL_CHARS = 2000;

/**
 * One Python process running session_worker.py: statements go over stdin as JSON lines, results
 * come back the same way. One statement at a time; the session queues the rest.
 */
export class PythonWorker {
  private pending?: {
    id: number;
    /** The worker has begun the statement: a SIGINT now lands inside it. */
    started: boolean;
    interruptRequested: boolean;
    /** SIGINTs are being sent (and the grace period runs). */
    interrupting: boolean;
    resolve: (r: StatementResult) => void;
    reject: (e: Error) => void;
  };
  private configuring?: { resolve: () => void; reject: (e: Error) => void };
  private exitListeners: ((reason: string, ignoredInterrupt: boolean) => void)[] = [];
  /** Set when the worker was killed for ignoring the interrupt: its exit reason. */
  private stoppedBecause?: string;
  private stderrTail = '';
  private exited?: string;
  private readyInfo?: ReadyMessage;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: PythonWorkerOptions,
  ) {}

  /** Spawns the interpreter and waits until the worker says it is ready. */
  static start(options: PythonWorkerOptions): Promise<PythonWorker> {
    const child = spawn(options.python, ['-u', options.scriptPath], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so kill() also reaches what the statement started (e.g. Spark's JVM).
      detached: true,
      env: {
        ...inheritableEnvironment(process.env),
        ...options.env,
        PYTHONUNBUFFERED: '1',
        PYTHONIOENCODING: 'utf-8',
        PYTHONDONTWRITEBYTECODE: '1',
      },
    });
    const worker = new PythonWorker(child, options);
    options.onSpawn?.(worker);
    return worker.waitReady();
  }

  get pythonVersion(): string | undefined {
    return this.readyInfo?.python;
  }

  get hasPyspark(): boolean {
    return this.readyInfo?.pyspark ?? false;
  }

  /** The worker's process id (tests signal it directly). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /**
   * Gives a warm standby worker its session: the session's environment (credentials, arguments)
   * is applied inside the worker, which then takes statements. Rejects with the worker's reason.
   */
  configure(env: Record<string, string>, timeoutMs: number): Promise<void> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      const cancel = this.options.timers.after(timeoutMs, () => {
        this.configuring = undefined;
        reject(new Error(`the Python worker did not take its session within ${timeoutMs} ms`));
      });
      this.configuring = {
        resolve: () => (cancel(), resolve()),
        reject: (err) => (cancel(), reject(err)),
      };
      this.child.stdin?.write(JSON.stringify({ type: 'session', env }) + '\n');
    });
  }

  get isStandby(): boolean {
    return this.readyInfo?.standby ?? false;
  }

  /** Runs one statement; rejects if the worker dies meanwhile. */
  run(id: number, code: string): Promise<StatementResult> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    if (this.pending) return Promise.reject(new Error('The worker is already running a statement'));
    return new Promise((resolve, reject) => {
      this.pending = {
        id,
        started: false,
        interruptRequested: false,
        interrupting: false,
        resolve,
        reject,
      };
      this.child.stdin?.write(JSON.stringify({ id, code }) + '\n');
    });
  }

  /**
   * KeyboardInterrupt in the running statement. The worker ignores SIGINT between statements, so
   * a cancel that comes before the worker has begun the statement is held until it has. A
   * statement that is still running after the grace period (it ignores SIGINT, or is stuck in
   * native code) is ended by killing the worker and its process tree.
   */
  interrupt(): void {
    const pending = this.pending;
    if (this.exited !== undefined || !pending) return;
    pending.interruptRequested = true;
    if (pending.started) this.startInterrupting();
  }

  private startInterrupting(): void {
    const pending = this.pending;
    if (!pending || pending.interrupting) return;
    pending.interrupting = true;
    const graceMs = this.options.interruptGraceMs ?? INTERRUPT_GRACE_MS;
    this.options.timers.after(graceMs, () => {
      if (this.exited !== undefined || this.pending !== pending) return;
      this.stoppedBecause = interruptIgnoredReason(graceMs);
      this.options.log?.(`python worker ${this.child.pid}: ${this.stoppedBecause}`);
      if (this.child.pid !== undefined) killProcessTree(this.child.pid);
    });
    this.sendInterrupt(pending.id);
  }

  /**
   * SIGINT, repeated until the statement ends: a signal that lands just before a blocking call
   * (e.g. time.sleep) starts is only seen when that call returns, so one signal is not enough.
   * Repeats stop once the result is in; the worker ignores a stray one between statements.
   */
  private sendInterrupt(id: number): void {
    if (this.exited !== undefined || this.pending?.id !== id) return;
    this.child.kill('SIGINT');
    this.options.timers.after(INTERRUPT_REPEAT_MS, () => this.sendInterrupt(id));
  }

  /** `ignoredInterrupt`: the worker was killed because its statement ignored the interrupt. */
  onExit(listener: (reason: string, ignoredInterrupt: boolean) => void): void {
    this.exitListeners.push(listener);
  }

  /** Kills the worker and every process it started; resolves once it has exited. */
  kill(): Promise<void> {
    if (this.exited !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      if (this.child.pid !== undefined) killProcessTree(this.child.pid);
      else this.child.kill('SIGKILL');
    });
  }

  private waitReady(): Promise<PythonWorker> {
    const { child, options } = this;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      options.log?.(`python worker ${child.pid}: ${chunk.trimEnd()}`);
    });
    child.stdin?.on('error', () => undefined); // EPIPE after exit is reported through 'exit'
    return new Promise((resolve, reject) => {
      let settled = false;
      const cancelTimer = options.timers.after(options.startupTimeoutMs, () => {
        if (settled) return;
        settled = true;
        void this.kill();
        reject(new Error(`the Python worker did not start within ${options.startupTimeoutMs} ms`));
      });
      const fail = (message: string): void => {
        if (settled) return;
        settled = true;
        cancelTimer();
        reject(new Error(message));
      };
      child.on('error', (err) => {
        this.markExited(`could not start '${options.python}': ${err.message}`);
        fail(`could not start the Python interpreter '${options.python}': ${err.message}`);
      });
      child.on('exit', (code, signal) => {
        const how = signal ? `signal ${signal}` : `code ${code}`;
        const tail = this.stderrTail.trim();
        const reason =
          this.stoppedBecause ??
          `the Python worker exited (${how})${tail ? `: ${lastLines(tail)}` : ''}`;
        this.markExited(reason);
        fail(reason);
      });
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const message = parseMessage(line);
        if (!message) {
          options.log?.(`python worker ${child.pid}: unexpected output ${line.slice(0, 200)}`);
        } else if (message.type === 'ready') {
          this.readyInfo = message;
          if (settled) return;
          settled = true;
          cancelTimer();
          if (message.settings_error === undefined) return resolve(this);
          void this.kill();
          reject(new SessionSettingsError(message.settings_error));
        } else if (message.type === 'started') {
          this.onStarted(message);
        } else if (message.type === 'configured') {
          const waiting = this.configuring;
          this.configuring = undefined;
          if (message.error) waiting?.reject(new SessionSettingsError(message.error));
          else waiting?.resolve();
        } else {
          this.settle(message);
        }
      });
    });
  }

  private onStarted(message: StartedMessage): void {
    const pending = this.pending;
    if (!pending || pending.id !== message.id) return;
    pending.started = true;
    if (pending.interruptRequested) this.startInterrupting();
  }

  private settle(message: ResultMessage): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.resolve({
      status: message.status === 'ok' ? 'ok' : 'error',
      output: message.output ?? '',
      errorName: message.ename,
      errorValue: message.evalue,
      traceback: message.traceback,
      mimeType: message.mime_type,
      mimeResult: message.mime_result,
    });
  }

  private markExited(reason: string): void {
    if (this.exited !== undefined) return;
    this.exited = reason;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new Error(reason));
    this.configuring?.reject(new Error(reason));
    this.configuring = undefined;
    for (const listener of this.exitListeners) listener(reason, this.stoppedBecause !== undefined);
  }
}

type WorkerMessage = ReadyMessage | StartedMessage | ResultMessage | ConfiguredMessage;

function parseMessage(line: string): WorkerMessage | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return undefined;
    const type = (value as { type?: unknown }).type;
    if (type === 'ready' || type === 'started' || type === 'result' || type === 'configured') {
      return value as WorkerMessage;
    }
  } catch {
    // not a protocol line
  }
  return undefined;
}

function lastLines(text: string): string {
  return text.split('\n').slice(-3).join(' | ');
}
