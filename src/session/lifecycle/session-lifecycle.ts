import type { SessionStatus } from '../glue-types.js';
import type { LiveState } from '../session-service.js';

/**
 * The kernel's view of its current session, as a pure transition function. Glue statuses and
 * the kernel's own events both move it; everything that is not a legal move leaves it unchanged.
 *
 *   none ──create──▶ provisioning ──READY──▶ ready ──TIMEOUT/STOPPED/FAILED/gone──▶ lost
 *     ▲                  │ FAILED/TIMEOUT/STOPPED/abort/deadline        │ stop / delete
 *     └──────────────────┴──────────────────────────────────────────────┘
 */
export type LifecycleEvent =
  | { type: 'create-requested' }
  | { type: 'status'; status: SessionStatus }
  | { type: 'not-found' }
  | { type: 'unavailable' }
  | { type: 'create-failed' } // failed, interrupted or past the deadline while provisioning
  | { type: 'stopped-by-user' }
  | { type: 'attached' }; // %reconnect to a READY session

const ENDED: SessionStatus[] = ['FAILED', 'TIMEOUT', 'STOPPING', 'STOPPED'];

export function nextLiveState(state: LiveState, event: LifecycleEvent): LiveState {
  switch (event.type) {
    case 'create-requested':
      return state === 'none' || state === 'lost' ? 'provisioning' : state;
    case 'attached':
      return 'ready';
    case 'stopped-by-user':
    case 'create-failed':
      return 'none';
    case 'not-found':
    case 'unavailable':
      if (state === 'ready') return 'lost';
      return state === 'provisioning' ? 'none' : state;
    case 'status':
      if (state === 'provisioning') {
        if (event.status === 'READY') return 'ready';
        return ENDED.includes(event.status) ? 'none' : 'provisioning';
      }
      if (state === 'ready') {
        if (ENDED.includes(event.status)) return 'lost';
        return 'ready';
      }
      return state;
  }
}

/** A Glue status that means the session can no longer run statements. */
export function isEndedStatus(status: SessionStatus | string): boolean {
  return (ENDED as string[]).includes(status);
}
