import { KernelError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { NewId } from '../../util/ids.js';
import type { Logger } from '../../util/logger.js';
import { isThrottlingError } from '../aws/aws-error-translator.js';
import type { BackoffFactory } from './backoff.js';
import type { GlueGateway } from '../aws/glue-gateway.js';
import type { SessionInfo, SessionRequest, SessionStatus } from '../glue-types.js';
import { freezeSessionConfig, type FreezeInput } from '../settings/frozen-session-config.js';
import { isEndedStatus } from './session-lifecycle.js';
import {
  buildSessionRequest,
  creationSummary,
  sessionIdFor,
} from '../settings/create-session-request.js';
import type { ProvisionObserver } from '../session-service.js';

/**
 * Creating and stopping one session: the creation summary, CreateSession, then a bounded wait
 * for READY with progress; an abort or a passed deadline stops the half-created session so
 * nothing is left running (and billed) behind the user's back.
 */
export interface SessionProvisionerOptions {
  clock: Clock;
  backoff: BackoffFactory;
  deadlineMs: number;
  shutdownWaitMs: number;
  logger: Logger;
}

export interface PrepareInput extends FreezeInput {
  newId: NewId;
  ownerUserId?: string;
  observer: ProvisionObserver;
}

/** Transient GetSession failures tolerated in a row while provisioning. */
const MAX_TRANSIENT_FAILURES = 3;

export class SessionProvisioner {
  constructor(private readonly options: SessionProvisionerOptions) {}

  /** Freezes the settings, builds and validates the request (fresh id), prints the summary. */
  prepare(input: PrepareInput): { request: SessionRequest; customId: boolean } {
    const config = freezeSessionConfig(input);
    const id = sessionIdFor(config, input.newId());
    const request = buildSessionRequest(config, { id, ownerUserId: input.ownerUserId });
    input.observer.summary(creationSummary(config, request));
    return { request, customId: config.settings.sessionId !== undefined };
  }

  async create(
    gateway: GlueGateway,
    request: SessionRequest,
    observer: ProvisionObserver,
    signal: AbortSignal,
  ): Promise<SessionInfo> {
    if (signal.aborted)
      throw new KernelError('cancelled', 'Interrupted before the session was created.');
    try {
      await gateway.send('CreateSession', request, signal);
    } catch (err) {
      // The request may have reached Glue before the interrupt: the session may exist already.
      if (signal.aborted) return this.abandonCreation(gateway, request.id, err);
      throw err;
    }
    return this.waitUntilReady(gateway, request.id, observer, signal);
  }

  /** Interrupted during CreateSession: stop whatever Glue may have created, and say what happened. */
  private async abandonCreation(gateway: GlueGateway, id: string, cause: unknown): Promise<never> {
    const outcome = await this.tryStop(gateway, id);
    const what = `Interrupted while session ${id} was being created`;
    if (outcome === 'failed') {
      throw new KernelError(
        'cancelled',
        `${what}; Glue may have created it, and stopping it failed, so it may still be running.`,
        { hint: `Stop it with %delete_session ${id} (or %list_sessions to find it).`, cause },
      );
    }
    throw new KernelError(
      'cancelled',
      outcome === 'stopped'
        ? `${what}; Glue had already created it, so it was stopped.`
        : `${what}; Glue has no session ${id}, so nothing was left running.`,
      { cause },
    );
  }

  private async waitUntilReady(
    gateway: GlueGateway,
    id: string,
    observer: ProvisionObserver,
    signal: AbortSignal,
  ): Promise<SessionInfo> {
    const { clock } = this.options;
    const started = clock.now();
    const deadline = started + this.options.deadlineMs;
    const backoff = this.options.backoff();
    let last: SessionStatus = 'PROVISIONING';
    let failures = 0;
    for (;;) {
      if (signal.aborted) return this.abandon(gateway, id, 'Interrupted');
      try {
        const info = await gateway.send('GetSession', { id }, signal);
        failures = 0;
        last = info.status;
        observer.progress(last, clock.now() - started, id);
        if (last === 'READY') return info;
        if (isEndedStatus(last)) {
          const why = info.errorMessage?.trim().replace(/\.$/, '');
          throw new KernelError(
            'aws',
            `Session ${id} failed to reach READY; it ended ${last}${why ? `: ${why}` : ''}.`,
            {
              ename: 'SessionFailed',
              // Glue's own reason says what to fix; without one, the role is the usual suspect.
              hint: why
                ? 'Fix what the reason above names, then run the cell again.'
                : 'Check the session role (%iam_role) and the settings in the summary above, then run the cell again.',
            },
          );
        }
      } catch (err) {
        if (signal.aborted) return this.abandon(gateway, id, 'Interrupted');
        if (isThrottlingError(err)) backoff.slowDown();
        else if (
          !(err instanceof KernelError && err.kind === 'aws' && err.ename !== 'SessionFailed') ||
          ++failures > MAX_TRANSIENT_FAILURES
        ) {
          throw err;
        }
      }
      const remaining = deadline - clock.now();
      if (remaining <= 0) {
        const minutes = Math.round(this.options.deadlineMs / 60_000);
        const stopped = await this.stopBestEffort(gateway, id);
        throw new KernelError(
          'timeout',
          `Session ${id} was still ${last} after ${minutes} min; ${stopped ? 'it was stopped' : 'stopping it failed, so it may still start'}.`,
          {
            hint: 'Glue may be short of capacity; run the cell again later, or pick another %worker_type or %region.',
          },
        );
      }
      try {
        await clock.sleep(Math.min(backoff.next(), remaining), signal);
      } catch {
        return this.abandon(gateway, id, 'Interrupted');
      }
    }
  }

  private async abandon(gateway: GlueGateway, id: string, what: string): Promise<never> {
    const stopped = await this.stopBestEffort(gateway, id);
    throw new KernelError(
      'cancelled',
      stopped
        ? `${what} while session ${id} was provisioning; the session was stopped.`
        : `${what} while session ${id} was provisioning; stopping it failed, so it may still be running.`,
      stopped ? {} : { hint: `Stop it with %delete_session ${id} (or %list_sessions to find it).` },
    );
  }

  /** StopSession, bounded in wall time (it guards a network call), errors logged not thrown. */
  async stopBestEffort(gateway: GlueGateway, id: string): Promise<boolean> {
    // Already stopping or gone counts as stopped.
    return (await this.tryStop(gateway, id)) !== 'failed';
  }

  private async tryStop(
    gateway: GlueGateway,
    id: string,
  ): Promise<'stopped' | 'not-found' | 'failed'> {
    try {
      await gateway.send('StopSession', { id }, AbortSignal.timeout(this.options.shutdownWaitMs));
      return 'stopped';
    } catch (err) {
      const ename = err instanceof KernelError ? err.ename : undefined;
      if (ename === 'IllegalSessionStateException') return 'stopped';
      if (ename === 'EntityNotFoundException') return 'not-found';
      this.options.logger.warn(`could not stop session ${id}: ${errorMessage(err)}`);
      return 'failed';
    }
  }

  /** StopSession, then wait (bounded) until the session has left READY; returns the last status. */
  async stop(
    gateway: GlueGateway,
    id: string,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<string> {
    try {
      await gateway.send('StopSession', { id }, signal);
    } catch (err) {
      if (err instanceof KernelError && err.ename === 'EntityNotFoundException') return 'NOT_FOUND';
      if (!(err instanceof KernelError && err.ename === 'IllegalSessionStateException')) throw err;
    }
    const { clock } = this.options;
    const deadline = clock.now() + waitMs;
    const backoff = this.options.backoff();
    let last = 'STOPPING';
    for (;;) {
      try {
        last = (await gateway.send('GetSession', { id }, signal)).status;
      } catch (err) {
        if (err instanceof KernelError && err.ename === 'EntityNotFoundException')
          return 'NOT_FOUND';
        if (!isThrottlingError(err)) throw err;
        backoff.slowDown();
      }
      if (last !== 'READY' && last !== 'PROVISIONING') return last;
      if (clock.now() >= deadline) return last;
      await clock.sleep(Math.min(backoff.next(), Math.max(1, deadline - clock.now())), signal);
    }
  }
}
