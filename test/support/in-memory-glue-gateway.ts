import {
  dispatch,
  type GlueGateway,
  type GlueHandlers,
  type GlueInput,
  type GlueOperation,
  type GlueOutput,
} from '../../src/session/aws/glue-gateway.js';
import type {
  ConnectionInfo,
  SessionInfo,
  SessionRequest,
  StatementInfo,
} from '../../src/session/glue-types.js';
import { translateAwsError } from '../../src/session/aws/aws-error-translator.js';
import type { Clock } from '../../src/util/clock.js';
import { credentialBoundGlue, type FakeCredentials } from './credential-bound-glue.js';
import {
  advanceSession,
  describeStatement,
  FINAL_STATEMENT_STATES,
  type StatementScript,
  type StoredSession,
  type StoredStatement,
} from './in-memory-glue-timeline.js';

export type { FakeCredentials } from './credential-bound-glue.js';
export type { StatementScript } from './in-memory-glue-timeline.js';

/**
 * A Glue interactive-sessions backend in memory: a real state machine driven by a Clock, so tests
 * of the session layer and the interpreter run in zero wall time (the timelines are in
 * in-memory-glue-timeline.ts). Sessions go PROVISIONING → READY after `provisioningMs`;
 * StopSession goes STOPPING → STOPPED after `stoppingMs`. Errors are AWS-shaped (`name` + message)
 * and pass through the same translator as the SDK gateway, so callers see identical KernelErrors.
 */

export interface InjectedFault {
  /** Operation name, e.g. `CreateSession`, or `*` for any. */
  operation: string;
  name: string;
  message: string;
  /** How many calls fail (default 1); Infinity for all. */
  times?: number;
  /** Only calls for which this returns true fail. */
  when?: (input: unknown) => boolean;
  /** Instead of failing, the call never answers: it ends only when its signal aborts. */
  hang?: boolean;
}

export interface InMemoryGlueOptions {
  clock: Clock;
  region?: string;
  account?: string;
  provisioningMs?: number;
  stoppingMs?: number;
  connections?: ConnectionInfo[];
  statementScript?: (code: string) => StatementScript;
}

export interface CallRecord {
  operation: string;
  input: unknown;
  accessKeyId?: string;
}

export class InMemoryGlueGateway implements GlueGateway {
  readonly region: string;
  readonly account: string;
  provisioningMs: number;
  stoppingMs: number;
  statementScript: (code: string) => StatementScript;
  /** Every call, in order (for assertions on what was sent, not on how often). */
  readonly calls: CallRecord[] = [];
  private readonly clock: Clock;
  private readonly sessions = new Map<string, StoredSession>();
  private readonly tags = new Map<string, Record<string, string>>();
  private readonly connections = new Map<string, ConnectionInfo>();
  private faults: InjectedFault[] = [];
  private appliedHooks: { operation: string; hook: () => void }[] = [];
  private nextFailure: string | undefined;
  private createPolicy:
    ((request: SessionRequest) => { name: string; message: string } | undefined) | undefined;

  constructor(options: InMemoryGlueOptions) {
    this.clock = options.clock;
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.provisioningMs = options.provisioningMs ?? 0;
    this.stoppingMs = options.stoppingMs ?? 0;
    this.statementScript =
      options.statementScript ?? (() => ({ output: { status: 'ok', data: { textPlain: '' } } }));
    for (const c of options.connections ?? []) this.connections.set(c.name, c);
  }

  // ---- test controls -------------------------------------------------------------------------

  /** The next matching calls throw this AWS error. */
  inject(fault: InjectedFault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /**
   * Runs `hook` once, right after the next `operation` has taken effect and before it answers:
   * aborting the call's signal there loses the answer although the change was made.
   */
  onceApplied(operation: string, hook: () => void): void {
    this.appliedHooks.push({ operation, hook });
  }

  /** A policy consulted on CreateSession (e.g. an explicit deny unless a VPC connection is given). */
  setCreatePolicy(
    policy: (request: SessionRequest) => { name: string; message: string } | undefined,
  ): void {
    this.createPolicy = policy;
  }

  /** The next session created ends FAILED with this ErrorMessage instead of READY. */
  failNextProvisioning(errorMessage: string): void {
    this.nextFailure = errorMessage;
  }

  /** Loses a session behind the kernel's back: timed out, stopped, deleted, or its REPL gone. */
  loseSession(id: string, how: 'TIMEOUT' | 'STOPPED' | 'deleted' | 'unavailable'): void {
    const s = this.sessions.get(id);
    if (!s) throw new Error(`no session ${id}`);
    if (how === 'deleted') this.sessions.delete(id);
    else if (how === 'unavailable') s.lostAs = 'FAILED';
    else s.info.status = how;
  }

  session(id: string): (SessionInfo & { request: SessionRequest }) | undefined {
    const s = this.sessions.get(id);
    return s ? { ...this.refresh(s), request: s.request } : undefined;
  }

  sessionArn(id: string): string {
    return `arn:aws:glue:${this.region}:${this.account}:session/${id}`;
  }

  /** A GlueGateway bound to credentials: each call checks they have not expired. */
  withCredentials(credentials: () => Promise<FakeCredentials>): GlueGateway {
    return credentialBoundGlue(this, credentials, this.clock, (key) => {
      this.currentKey = key;
    });
  }

  private currentKey: string | undefined;

  // ---- GlueGateway ---------------------------------------------------------------------------

  async send<O extends GlueOperation>(
    operation: O,
    input: GlueInput<O>,
    signal?: AbortSignal,
  ): Promise<GlueOutput<O>> {
    await this.enter(operation, input, signal);
    return dispatch(this.handlers, operation, input, signal);
  }

  /** What each operation does to the state above (called after `enter` recorded the call). */
  private readonly handlers: GlueHandlers = {
    CreateSession: async (request, signal) => {
      const denied = this.createPolicy?.(request);
      if (denied) this.fail('CreateSession', denied.name, denied.message);
      if (this.sessions.has(request.id))
        this.fail('CreateSession', 'AlreadyExistsException', 'Session already exists.');
      for (const name of request.connections ?? []) {
        if (!this.connections.has(name)) {
          this.fail(
            'CreateSession',
            'EntityNotFoundException',
            `Connection ${name} not found in ${this.region}`,
          );
        }
      }
      const now = this.clock.now();
      const info: SessionInfo = {
        id: request.id,
        status: 'PROVISIONING',
        role: request.role,
        createdOn: new Date(now),
        glueVersion: request.glueVersion,
        command: { ...request.command },
        idleTimeout: request.idleTimeout,
        workerType: request.workerType,
        numberOfWorkers: request.numberOfWorkers,
        maxCapacity: request.maxCapacity,
        connections: request.connections ? [...request.connections] : undefined,
        defaultArguments: { ...request.defaultArguments },
        securityConfiguration: request.securityConfiguration,
      };
      this.sessions.set(request.id, {
        info,
        request: structuredClone(request),
        readyAt: now + this.provisioningMs,
        failWith: this.nextFailure,
        statements: [],
      });
      this.nextFailure = undefined;
      if (request.tags) this.tags.set(this.sessionArn(request.id), { ...request.tags });
      await this.leave('CreateSession', signal);
      return { ...info };
    },

    GetSession: async ({ id }) => {
      return { ...this.refresh(this.find('GetSession', id)) };
    },

    ListSessions: async (query) => {
      const filter = Object.entries(query.tags ?? {});
      const all = [...this.sessions.values()].filter((s) => {
        const tags = this.tags.get(this.sessionArn(s.info.id)) ?? {};
        return filter.every(([k, v]) => tags[k] === v);
      });
      const start = query.nextToken ? Number(query.nextToken) : 0;
      const size = query.maxResults ?? 100;
      const page = all.slice(start, start + size).map((s) => ({ ...this.refresh(s) }));
      const next = start + size < all.length ? String(start + size) : undefined;
      return { sessions: page, nextToken: next };
    },

    StopSession: async ({ id }) => {
      const s = this.refresh(this.find('StopSession', id));
      if (s.status === 'STOPPING' || s.status === 'STOPPED') {
        this.fail(
          'StopSession',
          'IllegalSessionStateException',
          `Session is in ${s.status} status`,
        );
      }
      s.status = 'STOPPING';
      this.sessions.get(id)!.stopAt = this.clock.now() + this.stoppingMs;
    },

    DeleteSession: async ({ id }) => {
      this.find('DeleteSession', id);
      this.sessions.delete(id);
      this.tags.delete(this.sessionArn(id));
    },

    RunStatement: async ({ sessionId, code }) => {
      const s = this.find('RunStatement', sessionId);
      this.refresh(s);
      if (s.lostAs)
        this.fail(
          'RunStatement',
          'IllegalSessionStateException',
          `Session ${sessionId} unavailable, fail to call ReplServer`,
        );
      if (s.info.status !== 'READY') {
        this.fail(
          'RunStatement',
          'InvalidInputException',
          `Session is not ready, session_id=${sessionId}, status=${s.info.status}`,
        );
      }
      const id = s.statements.length + 1;
      s.statements.push({
        id,
        code,
        script: this.statementScript(code),
        submittedAt: this.clock.now(),
      });
      return id;
    },

    GetStatement: async ({ sessionId, statementId }) => {
      const s = this.find('GetStatement', sessionId);
      if (s.lostAs)
        this.fail(
          'GetStatement',
          'IllegalSessionStateException',
          `Session ${sessionId} unavailable, fail to call ReplServer`,
        );
      const st = s.statements.find((x) => x.id === statementId);
      if (!st)
        this.fail('GetStatement', 'EntityNotFoundException', `Statement ${statementId} not found`);
      return this.describe(st);
    },

    CancelStatement: async ({ sessionId, statementId }) => {
      const s = this.find('CancelStatement', sessionId);
      const st = s.statements.find((x) => x.id === statementId);
      if (!st)
        this.fail(
          'CancelStatement',
          'EntityNotFoundException',
          `Statement ${statementId} not found`,
        );
      if (!FINAL_STATEMENT_STATES.includes(this.describe(st).state))
        st.cancelledAt = this.clock.now();
    },

    GetTags: async ({ resourceArn }) => {
      const tags = this.tags.get(resourceArn);
      if (!tags)
        this.fail('GetTags', 'EntityNotFoundException', `Resource ${resourceArn} not found`);
      return { ...tags };
    },

    TagResource: async ({ resourceArn, tags }) => {
      const current = this.tags.get(resourceArn);
      if (!current)
        this.fail('TagResource', 'EntityNotFoundException', `Resource ${resourceArn} not found`);
      this.tags.set(resourceArn, { ...current, ...tags });
    },

    GetConnection: async ({ name }) => {
      const c = this.connections.get(name);
      if (!c) this.fail('GetConnection', 'EntityNotFoundException', `Connection ${name} not found`);
      return { ...c };
    },
  };

  // ---- internals -----------------------------------------------------------------------------

  private async enter(operation: string, input: unknown, signal?: AbortSignal): Promise<void> {
    this.calls.push({ operation, input: structuredClone(input), accessKeyId: this.currentKey });
    this.currentKey = undefined;
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) this.fail(operation, 'AbortError', 'The operation was aborted');
    const fault = this.faults.find(
      (f) => (f.operation === operation || f.operation === '*') && (f.when?.(input) ?? true),
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
      if (fault.hang) {
        await untilAborted(signal);
        this.fail(operation, 'AbortError', 'The operation was aborted');
      }
      this.fail(operation, fault.name, fault.message);
    }
  }

  /** The call took effect; a hook may interrupt it before the answer is back. */
  private async leave(operation: string, signal?: AbortSignal): Promise<void> {
    const due = this.appliedHooks.find((h) => h.operation === operation);
    if (!due) return;
    this.appliedHooks = this.appliedHooks.filter((h) => h !== due);
    due.hook();
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) this.fail(operation, 'AbortError', 'The operation was aborted');
  }

  private fail(operation: string, name: string, message: string): never {
    throw translateAwsError({ name, message }, { operation, region: this.region });
  }

  private find(operation: string, id: string): StoredSession {
    const s = this.sessions.get(id);
    if (!s) this.fail(operation, 'EntityNotFoundException', `Session ${id} not found.`);
    return s;
  }

  private refresh(s: StoredSession): SessionInfo {
    return advanceSession(s, this.clock.now());
  }

  private describe(st: StoredStatement): StatementInfo {
    return describeStatement(st, this.clock.now());
  }
}

/** Never settles unless `signal` aborts (as a call on a hung connection). */
function untilAborted(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}
