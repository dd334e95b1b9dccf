import { isLostSessionError, isThrottlingError } from './aws-error-translator.js';
import type { GlueGateway } from './glue-gateway.js';
import type { SessionInfo } from './glue-types.js';
import { isEndedStatus, type LifecycleEvent } from './session-lifecycle.js';

/**
 * Is the READY session still usable before a cell runs? One GetSession tells: gone (not found or
 * unavailable) or ended (TIMEOUT, STOPPED, FAILED) means lost, with the reason for the user.
 * Throttling proves nothing either way, so the session is given the benefit of the doubt.
 */
export type SessionHealth =
  | { lost: false; info?: SessionInfo }
  | { lost: true; event: LifecycleEvent; why: string; info?: SessionInfo };

export async function checkSessionHealth(
  gateway: GlueGateway,
  id: string,
  signal?: AbortSignal,
): Promise<SessionHealth> {
  let info: SessionInfo;
  try {
    info = await gateway.getSession(id, signal);
  } catch (err) {
    if (isThrottlingError(err)) return { lost: false };
    if (!isLostSessionError(err)) throw err;
    return { lost: true, event: { type: 'not-found' }, why: 'it no longer exists' };
  }
  if (!isEndedStatus(info.status)) return { lost: false, info };
  const why = info.errorMessage
    ? `it is ${info.status}: ${info.errorMessage}`
    : `it is ${info.status}`;
  return { lost: true, event: { type: 'status', status: info.status }, why, info };
}

/** What the user is told when the session was lost between cells. */
export function lostSessionNotice(id: string, why: string): string {
  return `Session ${id} was lost (${why}). Variables defined in it are gone; starting a new session with the same settings.`;
}
