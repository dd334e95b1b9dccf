import { asKernelError, KernelError } from '../errors.js';
import type {
  CompleteResult,
  ExecuteOutcome,
  ExecutionContext,
  InspectResult,
  Interpreter,
  IsCompleteResult,
  KernelInfo,
} from '../kernel-api/interpreter.js';
import { checkProfiles, planCell, type CellPlan, type PlannedStep } from '../magics/cell-plan.js';
import { completeMagic, inspectMagic, isCellComplete } from '../magics/editor-assist.js';
import { magicLabel, type MagicEnv, type MagicOutput } from '../magics/magic-spec.js';
import { createMagicRegistry, type MagicRegistry } from '../magics/registry.js';
import { workerPairNotice } from '../magics/worker-pair.js';
import { formatError } from '../render/error-format.js';
import { renderStatementOutput } from '../render/statement-output.js';
import type {
  SessionKind,
  SessionService,
  SessionSettings,
  SettingKey,
} from '../session/session-service.js';
import type { Clock } from '../util/clock.js';
import { uuidIds, type NewId } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { parseCell } from '../magics/cell-parser.js';
import { isEditorProbe } from './editor-probes.js';
import { pythonCompleteness } from './python-completeness.js';
import { buildKernelInfo } from './kernel-info.js';
import { RemoteRunner } from './remote-runner.js';
import { ChildProcessShell, type ShellRunner } from './shell-command.js';

/**
 * The Glue interpreter: cell → plan (every magic validated first) → magics and `!` lines in order
 * → remote code on the session → rendered outputs. Its `execute` is the one place where errors
 * become the error outcome the kernel publishes.
 */

export interface GlueInterpreterOptions {
  session: SessionService;
  kind: SessionKind;
  clock: Clock;
  logger: Logger;
  /** The kernel's version (package.json), shown in kernel_info and %help. */
  version: string;
  registry?: MagicRegistry;
  shell?: ShellRunner;
  newId?: NewId;
}

const LIVE_STATES = new Set(['ready', 'provisioning']);

export class GlueInterpreter implements Interpreter {
  private readonly session: SessionService;
  private readonly registry: MagicRegistry;
  private readonly shell: ShellRunner;
  private readonly remote: RemoteRunner;
  private readonly info: KernelInfo;

  constructor(private readonly options: GlueInterpreterOptions) {
    this.session = options.session;
    this.registry = options.registry ?? createMagicRegistry();
    this.shell = options.shell ?? new ChildProcessShell();
    this.remote = new RemoteRunner(options.session, options.newId ?? uuidIds);
    this.info = buildKernelInfo(options.kind, options.version);
  }

  kernelInfo(): KernelInfo {
    return this.info;
  }

  async execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome> {
    // An editor's own background request: answered here, never a (billed) remote statement.
    if (ctx.silent && isEditorProbe(code)) return { status: 'ok' };
    try {
      await this.runCell(code, ctx);
      return { status: 'ok' };
    } catch (err) {
      return this.errorOutcome(asKernelError(err), ctx);
    }
  }

  async complete(code: string, cursorPos: number): Promise<CompleteResult> {
    return completeMagic(code, cursorPos, this.registry, this.session);
  }

  async inspect(code: string, cursorPos: number, _detailLevel: number): Promise<InspectResult> {
    return inspectMagic(code, cursorPos, this.registry);
  }

  /** A cell magic's body first; then, in a PySpark kernel, the Python code after the magics. */
  isComplete(code: string): IsCompleteResult {
    const magics = isCellComplete(code);
    if (magics.status !== 'complete' || this.options.kind !== 'pyspark') return magics;
    let start: number | undefined;
    try {
      start = parseCell(code).code?.line;
    } catch {
      return magics; // running it shows the usage error
    }
    // The code as typed from its first line, trailing newline included (it ends a block).
    return start === undefined
      ? magics
      : pythonCompleteness(
          code
            .split('\n')
            .slice(start - 1)
            .join('\n'),
        );
  }

  interrupt(): void {
    // The running request's AbortSignal has already fired; the session layer cancels on it.
    this.options.logger.debug('interrupt requested');
  }

  async shutdown(restart: boolean): Promise<void> {
    // Stop first, log after: the log may be a broken pipe when the kernel's parent died.
    await this.session.shutdown();
    this.options.logger.info(`shut down (restart: ${restart})`);
  }

  private async runCell(code: string, ctx: ExecutionContext): Promise<void> {
    const plan = this.plan(code);
    await checkProfiles(plan, this.session.knownProfiles?.bind(this.session));
    const appended: string[] = [];
    const env = this.magicEnv(ctx);
    for (const step of plan.steps) {
      if (ctx.signal.aborted) {
        throw new KernelError(
          'cancelled',
          `Interrupted before line ${step.line}; the rest of the cell did not run.`,
        );
      }
      const extra = await this.runStep(step, env, ctx);
      if (extra !== undefined) appended.push(extra);
    }
    const workerNotice = workerPairNotice(plan, this.session);
    if (workerNotice !== undefined) env.out.stderr(workerNotice);
    const remoteCode = [plan.code?.text, ...appended]
      .filter((c) => c !== undefined && c !== '')
      .join('\n');
    if (remoteCode === '') return;
    const statement = await this.remote.run(remoteCode, ctx);
    if (statement === undefined) return;
    for (const output of renderStatementOutput(statement.output)) {
      if (output.kind === 'stream') ctx.stream(output.name, output.text);
      else
        ctx.display(
          output.data,
          output.metadata === undefined ? undefined : { metadata: output.metadata },
        );
    }
  }

  private plan(code: string): CellPlan {
    const session = this.session;
    return planCell(code, this.registry, {
      live: LIVE_STATES.has(session.liveState()),
      current: <K extends SettingKey>(key: K) => session.resolve(key)?.value as SessionSettings[K],
    });
  }

  /** Runs one magic or `!` line; returns code to append to the remote code, if any. */
  private async runStep(
    step: PlannedStep,
    env: MagicEnv,
    ctx: ExecutionContext,
  ): Promise<string | undefined> {
    if (step.kind === 'shell') {
      await this.shell.run(step.command, env.out, ctx.signal);
      return undefined;
    }
    const { spec, args, patch } = step;
    if (step.appliesToNextSession) {
      const id = this.session.currentSessionId() ?? '';
      const type =
        this.session.resolve('sessionType')?.value === 'streaming' ? 'gluestreaming' : 'glueetl';
      env.out.stderr(
        `You are already connected to a ${type} session ${id}.\n\n` +
          `No change will be made to the current session that is set as ${type}. ` +
          `The session configuration change will apply to newly created sessions.\n`,
      );
    }
    this.options.logger.debug(`running ${magicLabel(spec)} (line ${step.line})`);
    const result = await spec.run(args, env);
    if (Object.keys(patch).length > 0) this.session.applySettings(patch);
    return result?.appendRemoteCode;
  }

  private magicEnv(ctx: ExecutionContext): MagicEnv {
    const out: MagicOutput = {
      stdout: (text) => ctx.stream('stdout', text),
      stderr: (text) => ctx.stream('stderr', text),
      display: (data, options) => ctx.display(data, options),
    };
    return {
      session: this.session,
      kind: this.options.kind,
      version: this.options.version,
      signal: ctx.signal,
      out,
      catalog: this.registry,
      runRemote: (code) => this.remote.run(code, ctx),
    };
  }

  private errorOutcome(err: KernelError, ctx: ExecutionContext): ExecuteOutcome {
    // A library may turn an interrupt into an odd error; the user only needs to know it stopped.
    const error =
      ctx.signal.aborted && err.kind === 'internal'
        ? new KernelError('cancelled', 'Interrupted by the user.', { cause: err })
        : err;
    if (!error.expected)
      this.options.logger.error(`internal error: ${error.stack ?? error.message}`);
    else this.options.logger.debug(`${error.ename}: ${error.message}`);
    return { status: 'error', ...formatError(error) };
  }
}
