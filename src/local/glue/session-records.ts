/**
 * Session records kept in the state directory (`<state>/sessions.json`), so ListSessions and
 * GetSession still show earlier sessions after the endpoint restarts. Statements are not kept:
 * Glue serves them only from a READY session, and no session is READY after a restart.
 *
 * A session that was PROVISIONING, READY or STOPPING when the endpoint stopped comes back as
 * STOPPED: its Python worker ended with the endpoint, as a Glue session ends when it is stopped
 * (docs/local-state.md).
 */
import type { StateDocument } from '../state/state-document.js';
import type { StateStore } from '../state/state-store.js';
import type { LocalSession, SessionSpec, SessionStatus } from './local-session.js';

export const SESSIONS_DOCUMENT = 'sessions';
const FORMAT_VERSION = 1;
const FINAL: SessionStatus[] = ['FAILED', 'TIMEOUT', 'STOPPED'];

export const ENDED_BY_RESTART =
  "The local endpoint stopped while the session was running; the session's Python worker ended with it.";

interface SessionRecord {
  spec: SessionSpec;
  status: SessionStatus;
  errorMessage?: string;
  createdOn: number;
  completedOn?: number;
  tags: Record<string, string>;
}

interface SessionRecords {
  /** When the records were written (epoch ms): the end time of sessions cut short by a crash. */
  savedAt: number;
  sessions: SessionRecord[];
}

function validate(data: unknown): SessionRecords {
  const records = data as Partial<SessionRecords> | null;
  if (typeof records?.savedAt !== 'number' || !Array.isArray(records.sessions)) {
    throw new Error('expected {"savedAt": number, "sessions": [...]}');
  }
  records.sessions.forEach((session: Partial<SessionRecord>, index) => {
    const spec = session?.spec as Partial<SessionSpec> | undefined;
    if (
      typeof spec?.id !== 'string' ||
      typeof spec.accountId !== 'string' ||
      typeof spec.region !== 'string' ||
      typeof session.status !== 'string' ||
      typeof session.createdOn !== 'number' ||
      typeof session.tags !== 'object'
    ) {
      throw new Error(`sessions[${index}] is not a session record`);
    }
  });
  return records as SessionRecords;
}

function toRecord(session: LocalSession): SessionRecord {
  return {
    spec: session.spec,
    status: session.status,
    ...(session.errorMessage !== undefined ? { errorMessage: session.errorMessage } : {}),
    createdOn: session.createdOn,
    ...(session.completedOn !== undefined ? { completedOn: session.completedOn } : {}),
    tags: Object.fromEntries(session.tags),
  };
}

/** Reads and writes the records; writes only when something a client can see has changed. */
export class SessionRecordsFile {
  private readonly document: StateDocument<SessionRecords>;
  private lastWritten = '';

  constructor(
    state: StateStore,
    private readonly now: () => number,
    private readonly log?: (line: string) => void,
  ) {
    this.document = state.document<SessionRecords>(SESSIONS_DOCUMENT, {
      version: FORMAT_VERSION,
      defaults: () => ({ savedAt: now(), sessions: [] }),
      validate,
    });
  }

  /** The earlier sessions, ended; `make` builds a (worker-less) session from its spec. */
  load(make: (spec: SessionSpec) => LocalSession): LocalSession[] {
    const { savedAt, sessions } = this.document.load();
    this.lastWritten = JSON.stringify(sessions);
    return sessions.map((record) => {
      const session = make(record.spec);
      session.createdOn = record.createdOn;
      for (const [key, value] of Object.entries(record.tags)) session.tags.set(key, value);
      if (FINAL.includes(record.status)) {
        session.status = record.status;
        session.errorMessage = record.errorMessage;
        session.completedOn = record.completedOn;
      } else {
        session.status = 'STOPPED';
        session.errorMessage = ENDED_BY_RESTART;
        session.completedOn = record.completedOn ?? savedAt;
      }
      return session;
    });
  }

  save(sessions: LocalSession[]): void {
    const records = sessions.map(toRecord);
    const text = JSON.stringify(records);
    if (text === this.lastWritten) return;
    this.lastWritten = text;
    this.document
      .save({ savedAt: this.now(), sessions: records })
      .catch((err: unknown) =>
        this.log?.(`could not save the session records: ${(err as Error).message}`),
      );
  }

  flushed(): Promise<void> {
    return this.document.flushed();
  }
}
