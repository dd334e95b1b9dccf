import type {
  SessionInfo,
  SessionRequest,
  SessionStatus,
  StatementInfo,
  StatementOutput,
  StatementState,
} from '../../src/session/glue-types.js';

/**
 * How a session and its statements of the in-memory Glue move through their states as the
 * clock advances: sessions PROVISIONING → READY (or FAILED) after their ready time, STOPPING →
 * STOPPED after their stop time; statements WAITING → RUNNING → AVAILABLE (or ERROR) as their
 * script says, or CANCELLED when cancelled in time.
 */

/** What a statement does, decided by `statementScript(code)`. */
export interface StatementScript {
  /** Time spent WAITING before it starts. */
  waitMs?: number;
  /** Time spent RUNNING. */
  durationMs?: number;
  /** Output once done (defaults to `ok` with empty TextPlain). */
  output?: StatementOutput;
  /** Final state: AVAILABLE (default) or ERROR. */
  finalState?: 'AVAILABLE' | 'ERROR';
  /** When true, CancelStatement is accepted but the statement never reaches CANCELLED. */
  ignoresCancel?: boolean;
  /** When true, Progress stays 0 while RUNNING, as Glue reports for code that runs no Spark job. */
  noProgress?: boolean;
}

export interface StoredStatement {
  id: number;
  code: string;
  script: StatementScript;
  submittedAt: number;
  cancelledAt?: number;
}

export interface StoredSession {
  info: SessionInfo;
  request: SessionRequest;
  readyAt: number;
  stopAt?: number;
  failWith?: string;
  statements: StoredStatement[];
  lostAs?: SessionStatus;
}

export const FINAL_STATEMENT_STATES: StatementState[] = ['AVAILABLE', 'ERROR', 'CANCELLED'];

/** Moves a session along its timeline up to `now`; returns its (live) info. */
export function advanceSession(s: StoredSession, now: number): SessionInfo {
  if (s.info.status === 'PROVISIONING' && now >= s.readyAt) {
    if (s.failWith) {
      s.info.status = 'FAILED';
      s.info.errorMessage = s.failWith;
    } else {
      s.info.status = 'READY';
    }
  }
  if (s.info.status === 'STOPPING' && s.stopAt !== undefined && now >= s.stopAt) {
    s.info.status = 'STOPPED';
    s.info.completedOn = new Date(now);
  }
  return s.info;
}

/** A statement as GetStatement describes it at `now`. */
export function describeStatement(st: StoredStatement, now: number): StatementInfo {
  const startAt = st.submittedAt + (st.script.waitMs ?? 0);
  const endAt = startAt + (st.script.durationMs ?? 0);
  const base = { id: st.id, code: st.code };
  if (st.cancelledAt !== undefined && st.cancelledAt < endAt) {
    if (st.script.ignoresCancel) return { ...base, state: 'CANCELLING', progress: 0 };
    return { ...base, state: 'CANCELLED', startedOn: startAt, completedOn: st.cancelledAt };
  }
  if (now < startAt) return { ...base, state: 'WAITING', progress: 0 };
  if (now < endAt) {
    const progress = st.script.noProgress ? 0 : (now - startAt) / Math.max(1, endAt - startAt);
    return { ...base, state: 'RUNNING', progress, startedOn: startAt };
  }
  const state = st.script.finalState ?? 'AVAILABLE';
  const output = st.script.output ?? { status: 'ok', data: { textPlain: '' } };
  return {
    ...base,
    state,
    output: structuredClone(output),
    progress: 1,
    startedOn: startAt,
    completedOn: endAt,
  };
}
