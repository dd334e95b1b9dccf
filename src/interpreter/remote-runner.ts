import { KernelError } from '../errors.js';
import type { ExecutionContext } from '../kernel-api/interpreter.js';
import { renderCreationSummary } from '../render/creation-summary.js';
import {
  renderProvisioningProgress,
  renderStatementEnded,
  renderStatementProgress,
} from '../render/progress.js';
import type { StatementInfo } from '../session/glue-types.js';
import {
  type ProvisionObserver,
  type SessionService,
  type StatementObserver,
} from '../session/session-service.js';
import type { NewId } from '../util/ids.js';
import { maskSecretsInText } from '../util/secrets.js';

/**
 * Runs remote code for one request: makes sure a session exists (showing the creation summary and
 * a progress display updated in place), runs the statement (with a progress display once it runs
 * long) and turns a failed statement into a `remote` KernelError carrying the remote traceback.
 */

/** Statements shorter than this show no progress display: most finish well within it. */
const STATEMENT_PROGRESS_AFTER_MS = 2000;

export class RemoteRunner {
  constructor(
    private readonly session: SessionService,
    private readonly newId: NewId,
  ) {}

  /** Undefined when the request may not create a session (silent, and none is ready). */
  async run(code: string, ctx: ExecutionContext): Promise<StatementInfo | undefined> {
    if (ctx.silent && this.session.liveState() !== 'ready') return undefined;
    const provision = this.provisionObserver(ctx);
    const display = this.statementDisplay(ctx);
    let statement: StatementInfo;
    try {
      // The session layer creates the session when needed, and replaces one lost before the
      // code ran; the provisioning observer shows that.
      statement = await this.session.runStatement(
        code,
        { ...display.observer, provision },
        ctx.signal,
      );
    } catch (err) {
      display.end(ctx.signal.aborted ? 'interrupted' : 'failed');
      throw err;
    }
    display.end(
      statement.state === 'AVAILABLE' && statement.output?.status !== 'error'
        ? 'finished'
        : statement.state,
    );
    return checkStatement(statement);
  }

  /**
   * The creation summary and a provisioning progress display updated in place; once the session
   * is READY, the display shows its final status and a new session is announced. Each session
   * created (a lost one may be replaced) gets its own display.
   */
  private provisionObserver(ctx: ExecutionContext): ProvisionObserver {
    let displayId: string | undefined = `glue-session-${this.newId()}`;
    let shown = false;
    let created = false;
    let lastStatus = '';
    let lastElapsedMs = 0;
    return {
      summary: (lines) => {
        created = true;
        ctx.stream('stdout', renderCreationSummary(lines));
      },
      progress: (status, elapsedMs, sessionId) => {
        lastStatus = status;
        lastElapsedMs = elapsedMs;
        const bundle = renderProvisioningProgress(sessionId, status, elapsedMs);
        displayId ??= `glue-session-${this.newId()}`;
        if (shown) ctx.updateDisplay(displayId, bundle);
        else ctx.display(bundle, { displayId });
        shown = true;
      },
      notice: (text) => showNotice(ctx, text),
      ready: (info) => {
        if (shown && displayId && lastStatus !== info.status) {
          ctx.updateDisplay(
            displayId,
            renderProvisioningProgress(info.id, info.status, lastElapsedMs),
          );
        }
        if (created) ctx.stream('stdout', `Session ${info.id} has been created.\n`);
        displayId = undefined;
        shown = created = false;
        lastStatus = '';
        lastElapsedMs = 0;
      },
    };
  }

  /** A progress display shown once a statement runs long, and closed with how it ended. */
  private statementDisplay(ctx: ExecutionContext): {
    observer: StatementObserver;
    end(state: string): void;
  } {
    const displayId = `glue-statement-${this.newId()}`;
    let shown: { id: number; elapsedMs: number } | undefined;
    // Glue reports Progress 0 throughout for code that runs no Spark job: a bar stuck at 0 %
    // says nothing, so the bar appears only once some progress was reported (elapsed time until then).
    let progressReported = false;
    return {
      observer: {
        progress: (fraction, elapsedMs, statementId) => {
          if (fraction !== undefined && fraction > 0) progressReported = true;
          if (shown === undefined && elapsedMs < STATEMENT_PROGRESS_AFTER_MS) return;
          const bundle = renderStatementProgress(
            statementId,
            progressReported ? fraction : undefined,
            elapsedMs,
          );
          if (shown !== undefined) ctx.updateDisplay(displayId, bundle);
          else ctx.display(bundle, { displayId });
          shown = { id: statementId, elapsedMs };
        },
        notice: (text) => showNotice(ctx, text),
      },
      end: (state) => {
        if (shown !== undefined) {
          ctx.updateDisplay(displayId, renderStatementEnded(shown.id, state, shown.elapsedMs));
        }
      },
    };
  }
}

/**
 * A notice of the session layer, on its own line. It may relay an AWS or endpoint error that
 * quotes a setting (an endpoint URL with user info), so it passes the one masking rule.
 */
function showNotice(ctx: ExecutionContext, text: string): void {
  const masked = maskSecretsInText(text);
  ctx.stream('stdout', masked.endsWith('\n') ? masked : `${masked}\n`);
}

/** A statement that ended in error becomes a `remote` KernelError; the traceback passes unchanged. */
export function checkStatement(statement: StatementInfo): StatementInfo {
  const output = statement.output;
  if (statement.state === 'CANCELLED') {
    throw new KernelError('cancelled', `Statement ${statement.id} was cancelled.`);
  }
  if (statement.state === 'ERROR' || output?.status === 'error') {
    const ename = output?.errorName || 'RemoteError';
    const evalue = output?.errorValue ?? 'The statement failed in the Glue session.';
    const traceback = output?.traceback ?? [];
    return throwRemote(ename, evalue, traceback);
  }
  return statement;
}

function throwRemote(ename: string, evalue: string, traceback: string[]): never {
  const lines = traceback.length > 0 ? traceback : [`${ename}: ${evalue}`];
  throw new KernelError('remote', evalue, { ename, traceback: lines });
}
