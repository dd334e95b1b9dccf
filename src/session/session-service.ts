import type { SessionInfo, StatementInfo } from './glue-types.js';

/**
 * What the interpreter and the magics need from the session layer. The session layer knows
 * nothing of Jupyter: it reports progress through the observers below and throws KernelErrors.
 *
 * Ownership: the session layer implements this (SessionController); magics and the interpreter
 * consume it. Changes are additive; a breaking change is made in one step on both sides.
 */

export type SessionKind = 'pyspark' | 'scala';
/** Session settings are declared once, in the settings registry (settings/setting-registry.ts). */
export type { SessionSettings, SettingKey } from './settings/setting-registry.js';
export type { ResolvedSetting, SessionType, SettingSource } from './settings/setting-types.js';
import type { SessionSettings, SettingKey } from './settings/setting-registry.js';
import type { ResolvedSetting } from './settings/setting-types.js';

export interface AssumeRoleSpec {
  roleArn: string;
  durationSeconds?: number;
  externalId?: string;
  sessionName?: string;
}

export interface StaticCredentialsSpec {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Who the kernel acts as; never carries secrets. */
export interface CallerIdentity {
  arn: string;
  account: string;
  userId: string;
  /** When the credentials in use expire (assumed roles), if known. */
  expiration?: Date;
}

/** Life of the kernel's current session, as the interpreter needs to know it. */
export type LiveState = 'none' | 'provisioning' | 'ready' | 'lost';

export interface ProvisionObserver {
  /** Lines describing what will be requested (printed once, before CreateSession). */
  summary(lines: string[]): void;
  /** Called on each poll while PROVISIONING; drives an in-place progress display. */
  progress(status: string, elapsedMs: number, sessionId: string): void;
  /** Plain notices: a lost session replaced, a default that applied, a warning. */
  notice(text: string): void;
  /** The session is READY (called once ensureSession has it, whether new or not). */
  ready?(info: SessionInfo): void;
}

export interface StatementObserver {
  /** Remote Progress (0..1) and elapsed time while WAITING/RUNNING. */
  progress(fraction: number | undefined, elapsedMs: number, statementId: number): void;
  notice(text: string): void;
}

/** What runStatement reports: the statement, and the session it creates when it needs one. */
export interface RunObserver extends StatementObserver {
  readonly provision: ProvisionObserver;
}

export interface SessionStatusReport {
  session: SessionInfo;
  /** From GetTags; undefined with tagsError set when GetTags failed. */
  tags?: Record<string, string>;
  tagsError?: string;
  region: string;
  identity?: CallerIdentity;
  /** Session timeout known from our own request (GetSession has no Timeout field). */
  timeout?: number;
}

export interface StopResult {
  id: string;
  /** Final status seen (STOPPED, or the last one when the bounded wait ran out). */
  status: string;
}

export interface SessionService {
  /** The magic/%%configure overrides, as set so far. */
  settings(): Readonly<SessionSettings>;
  /** Applies validated settings (merging tags/extraArguments); never calls AWS. */
  applySettings(patch: SessionSettings): void;
  /** The effective value and its source (magic > environment > config file > default). */
  resolve<K extends SettingKey>(key: K): ResolvedSetting<SessionSettings[K]> | undefined;

  liveState(): LiveState;
  currentSessionId(): string | undefined;

  /** Assumes the role now (so errors show at once) and uses it, refreshed, for all later calls. */
  assumeRole(spec: AssumeRoleSpec, signal?: AbortSignal): Promise<CallerIdentity>;
  useStaticCredentials(keys: StaticCredentialsSpec, signal?: AbortSignal): Promise<CallerIdentity>;
  /** Back to the base credentials (profile / default chain). */
  clearAssumedRole(): void;
  callerIdentity(signal?: AbortSignal): Promise<CallerIdentity>;

  /** Returns the READY session, creating (or replacing a lost) one first. */
  ensureSession(observer: ProvisionObserver, signal: AbortSignal): Promise<SessionInfo>;
  /**
   * Runs code on the READY session, creating one first when there is none (reported through
   * `observer.provision`); on abort cancels it and throws a `cancelled` KernelError. A session
   * found gone when the statement is sent (so the code did not run) is replaced once, with a
   * notice, and the code runs on the new one; a session lost while the code ran throws a `state`
   * KernelError, as the code may have had effects.
   */
  runStatement(code: string, observer: RunObserver, signal: AbortSignal): Promise<StatementInfo>;

  status(signal?: AbortSignal): Promise<SessionStatusReport | undefined>;
  listSessions(
    query: { tags?: Record<string, string>; max?: number },
    signal?: AbortSignal,
  ): Promise<SessionInfo[]>;
  stopSession(signal?: AbortSignal): Promise<StopResult | undefined>;
  deleteSession(id?: string, signal?: AbortSignal): Promise<string>;
  /** Attaches to another READY session; the previous one keeps running. */
  reconnect(id: string, signal?: AbortSignal): Promise<SessionInfo>;
  /** TagResource on the live session. */
  tagLiveSession(tags: Record<string, string>, signal?: AbortSignal): Promise<void>;
  /** Best-effort, bounded stop of the current session (kernel shutdown, SIGTERM). */
  shutdown(): Promise<void>;
  /** Profile names from the AWS config files, for completion and error hints (optional). */
  knownProfiles?(): Promise<string[]>;
}
