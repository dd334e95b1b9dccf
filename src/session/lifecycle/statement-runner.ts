import { KernelError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import { isLostSessionError, isThrottlingError } from '../aws/aws-error-translator.js';
import type { BackoffFactory } from './backoff.js';
import type { GlueGateway } from '../aws/glue-gateway.js';
import type { StatementInfo, StatementState } from '../glue-types.js';
import type { StatementObserver } from '../session-service.js';

/**
 * Runs one statement: RunStatement, then GetStatement with adaptive back-off until a final state.
 * Throttling slows the polling instead of failing the cell; an abort cancels the statement and
 * waits (bounded) to confirm it, and the error says whether the cancel was confirmed.
 */
export interface StatementRunnerOptions {
  clock: Clock;
  backoff: BackoffFactory;
  /** How long to wait for CANCELLED after CancelStatement (wall time also bounds its calls). */
  cancelWaitMs?: number;
  /** Wall-time bound on RunStatement, so a hung connection cannot hold the cell forever. */
  sendWaitMs?: number;
  /** Consecutive throttled polls tolerated before giving up. */
  maxThrottledPolls?: number;
}

const FINAL: StatementState[] = ['AVAILABLE', 'ERROR', 'CANCELLED'];

export class StatementRunner {
  private readonly cancelWaitMs: number;
  private readonly sendWaitMs: number;
  private readonly maxThrottledPolls: number;

  constructor(private readonly options: StatementRunnerOptions) {
    this.cancelWaitMs = options.cancelWaitMs ?? 10_000;
    this.sendWaitMs = options.sendWaitMs ?? 120_000;
    this.maxThrottledPolls = options.maxThrottledPolls ?? 60;
  }

  async run(
    gateway: GlueGateway,
    sessionId: string,
    code: string,
    observer: StatementObserver,
    signal: AbortSignal,
  ): Promise<StatementInfo> {
    if (signal.aborted)
      throw new KernelError('cancelled', 'Interrupted before the statement was sent.');
    const id = await this.send(gateway, sessionId, code, signal);
    const { clock } = this.options;
    const started = clock.now();
    const backoff = this.options.backoff();
    let throttled = 0;
    for (;;) {
      if (signal.aborted) return this.cancel(gateway, sessionId, id);
      try {
        await clock.sleep(backoff.next(), signal);
      } catch {
        return this.cancel(gateway, sessionId, id);
      }
      let statement: StatementInfo;
      try {
        statement = await gateway.send('GetStatement', { sessionId, statementId: id }, signal);
      } catch (err) {
        if (signal.aborted) return this.cancel(gateway, sessionId, id);
        if (isThrottlingError(err) && ++throttled <= this.maxThrottledPolls) {
          backoff.slowDown();
          continue;
        }
        throw err;
      }
      throttled = 0;
      if (FINAL.includes(statement.state)) return statement;
      observer.progress(statement.progress, clock.now() - started, id);
    }
  }

  /**
   * RunStatement. An interrupt does not abort it at once: once sent, the statement runs remotely
   * and can only be cancelled by the id this returns. Only a call that stays unanswered
   * `cancelWaitMs` after the interrupt, or `sendWaitMs` in all, is given up.
   */
  private async send(
    gateway: GlueGateway,
    sessionId: string,
    code: string,
    signal: AbortSignal,
  ): Promise<number> {
    const giveUp = new AbortController();
    const settled = new AbortController();
    const onInterrupt = (): void => {
      this.options.clock.sleep(this.cancelWaitMs, settled.signal).then(
        () => giveUp.abort(),
        () => undefined,
      );
    };
    signal.addEventListener('abort', onInterrupt, { once: true });
    const overall = AbortSignal.timeout(this.sendWaitMs);
    try {
      return await gateway.send(
        'RunStatement',
        { sessionId, code },
        AbortSignal.any([giveUp.signal, overall]),
      );
    } catch (err) {
      const seconds = (ms: number) => Math.round(ms / 1000);
      const unknown = 'so it is unknown whether the statement started';
      const hint = '%status shows the session; %stop_session ends it if something still runs.';
      if (giveUp.signal.aborted) {
        throw new KernelError(
          'cancelled',
          `Interrupted while sending the statement; Glue did not answer RunStatement within ${seconds(this.cancelWaitMs)} s, ${unknown}.`,
          { hint, cause: err },
        );
      }
      if (overall.aborted) {
        throw new KernelError(
          'timeout',
          `Glue did not answer RunStatement within ${seconds(this.sendWaitMs)} s, ${unknown}.`,
          { hint, cause: err },
        );
      }
      throw new StatementNotSent(err);
    } finally {
      signal.removeEventListener('abort', onInterrupt);
      settled.abort();
    }
  }

  /** CancelStatement, then wait for a final state; always throws a `cancelled` KernelError. */
  private async cancel(gateway: GlueGateway, sessionId: string, id: number): Promise<never> {
    const { clock } = this.options;
    // The user's signal has fired already: the interrupt path is bounded in wall time instead.
    const bound = AbortSignal.timeout(this.cancelWaitMs);
    try {
      await gateway.send('CancelStatement', { sessionId, statementId: id }, bound);
    } catch (err) {
      const why = bound.aborted
        ? `Glue did not answer CancelStatement within ${Math.round(this.cancelWaitMs / 1000)} s`
        : err instanceof Error
          ? err.message
          : String(err);
      throw new KernelError(
        'cancelled',
        `Interrupted, but statement ${id} could not be cancelled: ${why}`,
        {
          hint: 'It may still be running; %status shows the session, %stop_session ends it.',
          cause: err,
        },
      );
    }
    const deadline = clock.now() + this.cancelWaitMs;
    const backoff = this.options.backoff();
    let last: StatementState | undefined;
    while (clock.now() < deadline && !bound.aborted) {
      await clock.sleep(Math.min(backoff.next(), Math.max(1, deadline - clock.now())));
      try {
        last = (await gateway.send('GetStatement', { sessionId, statementId: id }, bound)).state;
      } catch (err) {
        // E.g. the local endpoint stopped a statement that ignored the interrupt, and with it
        // the session: nothing is left to wait for. The next cell replaces the session.
        if (isLostSessionError(err)) {
          throw new KernelError(
            'cancelled',
            `Interrupted: statement ${id} was stopped together with its session: ${errorMessage(err)}`,
            {
              hint: 'The next cell starts a new session with the same settings; variables defined in this one are gone.',
              cause: err,
            },
          );
        }
        if (isThrottlingError(err)) backoff.slowDown();
        continue;
      }
      if (last === 'CANCELLED') {
        throw new KernelError('cancelled', `Interrupted: statement ${id} was cancelled.`);
      }
      if (last === 'AVAILABLE' || last === 'ERROR') {
        throw new KernelError(
          'cancelled',
          `Interrupted: statement ${id} had already finished (${last}) before the cancel took effect.`,
        );
      }
    }
    throw new KernelError(
      'cancelled',
      `Interrupted: asked Glue to cancel statement ${id}, but it was not confirmed within ${Math.round(this.cancelWaitMs / 1000)} s (last state ${last ?? 'unknown'}).`,
      {
        hint: 'It may still be running; the next cell waits for it, or %stop_session ends the session.',
      },
    );
  }
}

/** RunStatement itself failed: the code never ran, so running it elsewhere is safe. */
export class StatementNotSent extends Error {
  constructor(override readonly cause: unknown) {
    super(errorMessage(cause));
    this.name = 'StatementNotSent';
  }
}
