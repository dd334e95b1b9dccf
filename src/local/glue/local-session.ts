import { SessionSettingsError, type StatementResult } from '../python/python-worker.js';
import type { Clock } from '../../util/clock.js';
import { maskSecretsInText } from '../../util/secrets.js';
import { glueErrors } from './glue-errors.js';

export type SessionStatus =
  'PROVISIONING' | 'READY' | 'FAILED' | 'TIMEOUT' | 'STOPPING' | 'STOPPED';
export type StatementState =
  'WAITING' | 'RUNNING' | 'AVAILABLE' | 'CANCELLING' | 'CANCELLED' | 'ERROR';

/** What a session needs from a Python worker (PythonWorker implements it). */
export interface SessionWorker {
  run(id: number, code: string): Promise<StatementResult>;
  interrupt(): void;
  kill(): Promise<void>;
  /** `ignoredInterrupt`: the worker was killed because its statement ignored the interrupt. */
  onExit(listener: (reason: string, ignoredInterrupt: boolean) => void): void;
}

/** Starts workers (WorkerPool implements it), set up for the session they serve. */
export interface WorkerLauncher {
  readonly python: string;
  start(session?: SessionSpec): Promise<SessionWorker>;
}

/** The fields CreateSession accepted, already validated. */
export interface SessionSpec {
  id: string;
  accountId: string;
  region: string;
  arn: string;
  role: string;
  command: { name: string; pythonVersion?: string };
  description?: string;
  defaultArguments: Record<string, string>;
  connections?: string[];
  maxCapacity?: number;
  numberOfWorkers?: number;
  workerType?: string;
  securityConfiguration?: string;
  glueVersion?: string;
  idleTimeoutMinutes: number;
  timeoutMinutes: number;
}

export interface LifecycleSettings {
  provisioningDelayMs: number;
  /** Multiplies IdleTimeout/Timeout minutes into wall time. */
  timeScale: number;
  /** When set, every new session fails with this ErrorMessage. */
  sessionFailure?: string;
}

export interface LocalStatement {
  id: number;
  code: string;
  state: StatementState;
  progress: number;
  startedOn?: number;
  completedOn?: number;
  result?: StatementResult;
}

const FINAL_STATEMENT: StatementState[] = ['AVAILABLE', 'CANCELLED', 'ERROR'];
const MINUTE_MS = 60_000;

/**
 * One Glue interactive session with Glue's lifecycle: PROVISIONING → READY (worker started and the
 * provisioning delay over) → STOPPING → STOPPED, or FAILED / TIMEOUT. Statements run one at a time
 * on the session's Python worker, in order, with ids from 0 (as Livy numbers them).
 */
export class LocalSession {
  status: SessionStatus = 'PROVISIONING';
  errorMessage?: string;
  createdOn: number;
  completedOn?: number;
  readonly tags = new Map<string, string>();
  readonly statements: LocalStatement[] = [];
  private readonly changeListeners: (() => void)[] = [];
  private worker?: SessionWorker;
  private busy = false;
  private cancelIdle?: () => void;
  private cancelTimeout?: () => void;

  constructor(
    readonly spec: SessionSpec,
    private readonly launcher: WorkerLauncher,
    private readonly clock: Clock,
    private readonly settings: LifecycleSettings,
  ) {
    this.createdOn = clock.now();
  }

  /** Called after each status change (the session records are saved then). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** Begins provisioning; the session becomes READY or FAILED later. */
  start(): void {
    this.cancelTimeout = this.clock.after(this.minutes(this.spec.timeoutMinutes), () =>
      this.end('TIMEOUT', `Session reached its Timeout of ${this.spec.timeoutMinutes} minutes.`),
    );
    void this.provision();
  }

  private async provision(): Promise<void> {
    const refusal = this.refusal();
    if (refusal) {
      await this.clock.sleep(this.settings.provisioningDelayMs);
      this.end('FAILED', refusal);
      return;
    }
    try {
      const [, worker] = await Promise.all([
        this.clock.sleep(this.settings.provisioningDelayMs),
        this.launcher.start(this.spec),
      ]);
      if (this.status !== 'PROVISIONING') {
        await worker.kill(); // stopped, timed out or deleted while provisioning
        return;
      }
      this.worker = worker;
      worker.onExit((reason, ignoredInterrupt) => {
        if (this.worker === worker && this.status === 'READY') {
          // Its variables went with the process: the session is lost, as on Glue when it fails.
          this.end(
            'FAILED',
            ignoredInterrupt
              ? `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`
              : `The session's Python worker stopped unexpectedly: ${reason}`,
          );
        }
      });
      this.status = 'READY';
      this.changed();
      this.armIdle();
      this.pump();
    } catch (err) {
      if (err instanceof SessionSettingsError) {
        this.end('FAILED', `The session's settings could not be applied: ${err.message}`);
        return;
      }
      // The worker's reason names the interpreter already when it could not be run at all.
      const why = (err as Error).message.replace(/\.$/, '');
      const reason = why.includes(this.launcher.python)
        ? `${why.charAt(0).toUpperCase()}${why.slice(1)}`
        : `Could not start the session's Python interpreter (${this.launcher.python}): ${why}`;
      this.end('FAILED', `${reason}. Choose one with --python or GLUE_KERNEL_LOCAL_PYTHON.`);
    }
  }

  /** Why this session cannot run locally at all, if it cannot. */
  private refusal(): string | undefined {
    if (this.settings.sessionFailure) return this.settings.sessionFailure;
    const language = this.spec.defaultArguments['--session-language']?.toLowerCase();
    if (language && language !== 'python') {
      return (
        `The local Glue endpoint runs Python sessions only; --session-language ${language} is not supported. ` +
        'Use the Glue PySpark kernel locally, or real AWS Glue for Scala.'
      );
    }
    return undefined;
  }

  runStatement(code: string): number {
    this.requireReady();
    const statement: LocalStatement = {
      id: this.statements.length,
      code,
      state: 'WAITING',
      progress: 0,
    };
    this.statements.push(statement);
    this.pump();
    return statement.id;
  }

  statement(id: number): LocalStatement {
    const statement = this.statements[id];
    if (!statement) {
      throw glueErrors.entityNotFound(`Statement ${id} not found in session ${this.spec.id}.`);
    }
    return statement;
  }

  cancelStatement(id: number): void {
    this.requireAvailable();
    const statement = this.statement(id);
    if (statement.state === 'WAITING') {
      this.finish(statement, 'CANCELLED');
    } else if (statement.state === 'RUNNING') {
      statement.state = 'CANCELLING';
      this.worker?.interrupt();
    }
  }

  /** GetStatement/ListStatements/CancelStatement need a live REPL, as in Glue. */
  requireAvailable(): void {
    if (this.status !== 'READY') {
      throw glueErrors.illegalSessionState(
        `Session ${this.spec.id} unavailable, fail to call ReplServer (status ${this.status}${this.why()}).`,
      );
    }
  }

  /** StopSession: PROVISIONING or READY → STOPPING → STOPPED. */
  stop(): void {
    if (this.status !== 'READY' && this.status !== 'PROVISIONING') {
      throw glueErrors.illegalSessionState(`Session is in ${this.status} status`);
    }
    this.end('STOPPING');
  }

  /** Ends the session for good (DeleteSession, endpoint shutdown). */
  dispose(): Promise<void> {
    if (this.status === 'READY' || this.status === 'PROVISIONING') this.end('STOPPING');
    return this.worker?.kill() ?? Promise.resolve();
  }

  private requireReady(): void {
    if (this.status !== 'READY') {
      throw glueErrors.illegalSessionState(
        `Session is not ready, session_id=${this.spec.id}, status=${this.status}${this.why()}`,
      );
    }
  }

  /** The ErrorMessage of a failed session, for the errors of calls it refuses (so callers can say why). */
  private why(): string {
    return this.status === 'FAILED' && this.errorMessage ? `: ${this.errorMessage}` : '';
  }

  /** Runs the next waiting statement when the worker is free. */
  private pump(): void {
    if (this.busy || this.status !== 'READY' || !this.worker) return;
    const next = this.statements.find((s) => s.state === 'WAITING');
    if (!next) return;
    this.busy = true;
    this.cancelIdle?.();
    next.state = 'RUNNING';
    next.startedOn = this.clock.now();
    this.worker.run(next.id, next.code).then(
      (result) => {
        this.busy = false;
        if (!FINAL_STATEMENT.includes(next.state)) {
          next.result = result;
          this.finish(next, next.state === 'CANCELLING' ? 'CANCELLED' : 'AVAILABLE');
        }
        this.afterStatement();
      },
      (err: Error) => {
        this.busy = false;
        if (!FINAL_STATEMENT.includes(next.state)) {
          next.result = {
            status: 'error',
            output: '',
            errorName: 'SessionWorkerError',
            errorValue: err.message,
            traceback: [],
          };
          this.finish(next, 'ERROR');
        }
        this.afterStatement();
      },
    );
  }

  private afterStatement(): void {
    if (this.status !== 'READY') return;
    this.armIdle();
    this.pump();
  }

  private finish(statement: LocalStatement, state: StatementState): void {
    statement.state = state;
    statement.progress = 1;
    statement.completedOn = this.clock.now();
  }

  private armIdle(): void {
    this.cancelIdle?.();
    this.cancelIdle = this.clock.after(this.minutes(this.spec.idleTimeoutMinutes), () => {
      if (!this.busy) {
        this.end(
          'TIMEOUT',
          `Session was idle for its IdleTimeout of ${this.spec.idleTimeoutMinutes} minutes.`,
        );
      }
    });
  }

  /** Moves to a final (or STOPPING) status, stops the clock and the worker. */
  private end(status: SessionStatus, errorMessage?: string): void {
    if (!['PROVISIONING', 'READY'].includes(this.status)) return;
    this.status = status;
    // A worker that could not start, or could not apply the settings, quotes them (pip's or the
    // path check's message about `https://user:TOKEN@host/x.whl`): the session's ErrorMessage
    // passes the one secret-masking rule (util/secrets.ts).
    if (errorMessage) this.errorMessage = maskSecretsInText(errorMessage);
    this.cancelIdle?.();
    this.cancelTimeout?.();
    for (const statement of this.statements) {
      if (!FINAL_STATEMENT.includes(statement.state)) this.finish(statement, 'CANCELLED');
    }
    const worker = this.worker;
    const done = (): void => {
      if (this.status === 'STOPPING') this.status = 'STOPPED';
      this.completedOn = this.clock.now();
      this.changed();
    };
    this.changed();
    if (worker) void worker.kill().then(done);
    else done();
  }

  private minutes(value: number): number {
    return value * MINUTE_MS * this.settings.timeScale;
  }
}
