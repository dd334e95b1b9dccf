import { KernelError, errorMessage } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { NewId } from '../../util/ids.js';
import type { Logger } from '../../util/logger.js';
import { AwsAccess, type GlueGatewayFactory } from '../aws/aws-access.js';
import { roleFromAssumedRoleArn } from '../aws/aws-arns.js';
import { isLostSessionError } from '../aws/aws-error-translator.js';
import { ExponentialBackoff, ProportionalBackoff, type BackoffFactory } from './backoff.js';
import type { CredentialBroker } from '../aws/aws-credentials.js';
import type { LocalEndpointPort } from '../aws/endpoint-resolver.js';
import type { SessionInfo, SessionRequest, StatementInfo } from '../glue-types.js';
import { lostSessionNotice } from './session-health.js';
import { SessionInspector } from './session-inspector.js';
import type { ListingQuery } from './session-listing.js';
import { SessionProvisioner } from './session-provisioner.js';
import type {
  AssumeRoleSpec,
  CallerIdentity,
  LiveState,
  ProvisionObserver,
  ResolvedSetting,
  RunObserver,
  SessionKind,
  SessionService,
  SessionSettings,
  SessionStatusReport,
  SettingKey,
  StaticCredentialsSpec,
  StatementObserver,
  StopResult,
} from '../session-service.js';
import { nextLiveState, type LifecycleEvent } from './session-lifecycle.js';
import type { Environment } from '../settings/environment.js';
import { PendingConfig } from '../settings/pending-config.js';
import type { SharedConfigLoader } from '../settings/shared-config-loader.js';
import { StatementNotSent, StatementRunner } from './statement-runner.js';

/**
 * The session layer's one implementation of SessionService: it ties the pending settings
 * (PendingConfig), AWS access, the lazily created session and its lifecycle, and statements
 * together. It knows nothing of Jupyter.
 */
export interface SessionControllerOptions {
  kind: SessionKind;
  env: Environment;
  loadSharedConfig: SharedConfigLoader;
  /** What `%endpoint local` starts (the embedded local endpoint, in the composition root). */
  localEndpoint?: LocalEndpointPort;
  broker: CredentialBroker;
  gateways: GlueGatewayFactory;
  clock: Clock;
  newId: NewId;
  logger: Logger;
  statementBackoff?: BackoffFactory;
  provisionBackoff?: BackoffFactory;
  /** Bounded wait for READY (default 10 min). */
  provisionDeadlineMs?: number;
  /** Bounded wait for a stopped session to leave READY (default 60 s). */
  stopWaitMs?: number;
  /** Wall-clock bound on best-effort stops (abort, shutdown). */
  shutdownWaitMs?: number;
  /** Bound on confirming a cancel after an interrupt (default 10 s). */
  cancelWaitMs?: number;
  /** Wall-time bound on sending a statement (default 2 min). */
  statementSendWaitMs?: number;
}

interface CurrentSession {
  id: string;
  info: SessionInfo;
  request?: SessionRequest;
  /** Why the session was found lost (from the call that found it), for the notice. */
  lostBecause?: string;
}

export class SessionController implements SessionService {
  private state: LiveState = 'none';
  private current: CurrentSession | undefined;
  private readonly pending: PendingConfig;
  private readonly access: AwsAccess;
  private readonly runner: StatementRunner;
  private readonly provisioner: SessionProvisioner;
  private readonly inspector: SessionInspector;

  constructor(private readonly options: SessionControllerOptions) {
    this.pending = new PendingConfig({
      env: options.env,
      loadSharedConfig: options.loadSharedConfig,
      logger: options.logger,
      localEndpoint: options.localEndpoint,
    });
    this.access = new AwsAccess({
      broker: options.broker,
      gateways: options.gateways,
      clock: options.clock,
      logger: options.logger,
      target: () => this.pending.awsTarget(),
    });
    this.runner = new StatementRunner({
      clock: options.clock,
      backoff: options.statementBackoff ?? (() => new ProportionalBackoff()),
      cancelWaitMs: options.cancelWaitMs,
      sendWaitMs: options.statementSendWaitMs,
    });
    this.inspector = new SessionInspector(this.access);
    this.provisioner = new SessionProvisioner({
      clock: options.clock,
      backoff:
        options.provisionBackoff ??
        (() => new ExponentialBackoff({ initialMs: 50, factor: 1.5, maxMs: 250 })),
      deadlineMs: options.provisionDeadlineMs ?? 10 * 60_000,
      shutdownWaitMs: options.shutdownWaitMs ?? 5_000,
      logger: options.logger,
    });
  }

  // ---- settings ------------------------------------------------------------------------------

  settings(): Readonly<SessionSettings> {
    return this.pending.settings();
  }

  /** Merges a validated patch; a key present with value `undefined` is unset. Never calls AWS. */
  applySettings(patch: SessionSettings): void {
    if (this.pending.apply(patch).connectionChanged) this.access.invalidate();
  }

  resolve<K extends SettingKey>(key: K): ResolvedSetting<SessionSettings[K]> | undefined {
    return this.pending.resolve(key);
  }

  liveState(): LiveState {
    return this.state;
  }

  currentSessionId(): string | undefined {
    return this.current?.id;
  }

  /** Profile names of the shared config files as last read (for %profile completion). */
  knownProfiles(): Promise<string[]> {
    return this.pending.knownProfiles();
  }

  // ---- credentials ---------------------------------------------------------------------------

  async assumeRole(spec: AssumeRoleSpec, signal?: AbortSignal): Promise<CallerIdentity> {
    await this.configReady();
    return this.access.assumeRole(spec, signal);
  }

  async useStaticCredentials(
    keys: StaticCredentialsSpec,
    signal?: AbortSignal,
  ): Promise<CallerIdentity> {
    await this.configReady();
    return this.access.useStatic(keys, signal);
  }

  clearAssumedRole(): void {
    this.access.clear();
  }

  async callerIdentity(signal?: AbortSignal): Promise<CallerIdentity> {
    await this.configReady();
    return this.access.identity(signal);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  async ensureSession(observer: ProvisionObserver, signal: AbortSignal): Promise<SessionInfo> {
    const info = await this.readySession(observer, signal);
    observer.ready?.(info);
    return info;
  }

  private async readySession(
    observer: ProvisionObserver,
    signal: AbortSignal,
  ): Promise<SessionInfo> {
    await this.configReady();
    const gateway = this.access.gateway();
    // A READY session is used as it is: no GetSession round trip before each statement. If it
    // ended meanwhile, RunStatement's error says so and runStatement replaces it through here,
    // with a notice.
    if (this.current && this.state === 'ready') return this.current.info;
    if (this.current && this.state === 'lost') {
      const why = this.current.lostBecause ?? 'it is no longer available';
      observer.notice(lostSessionNotice(this.current.id, why));
    }
    this.forget();

    const resolvedRole = this.resolve('iamRole');
    let identity: CallerIdentity | undefined;
    try {
      identity = await this.access.identity(signal);
    } catch (err) {
      if (!resolvedRole) throw err;
      const why = errorMessage(err);
      observer.notice(
        `Could not look up the caller for the owner tag (${why}); creating the session without it.`,
      );
    }
    const { request, customId } = this.provisioner.prepare({
      kind: this.options.kind,
      requestOrigin: this.pending.requestOrigin(
        this.options.kind === 'scala' ? 'GlueSparkKernel' : 'GluePySparkKernel',
      ),
      resolve: (k) => this.resolve(k),
      derivedRole: identity ? roleFromAssumedRoleArn(identity.arn) : undefined,
      newId: this.options.newId,
      ownerUserId: identity?.userId,
      observer,
    });
    this.transition({ type: 'create-requested' });
    this.current = {
      id: request.id,
      info: { id: request.id, status: 'PROVISIONING' },
      request,
    };
    try {
      const info = await this.provisioner.create(gateway, request, observer, signal);
      this.transition({ type: 'status', status: info.status });
      this.current = { id: info.id, info, request };
      if (customId) this.pending.markCustomIdUsed();
      return info;
    } catch (err) {
      this.transition({ type: 'create-failed' });
      this.current = undefined;
      throw err;
    }
  }

  async runStatement(
    code: string,
    observer: RunObserver,
    signal: AbortSignal,
  ): Promise<StatementInfo> {
    await this.ensureSession(observer.provision, signal);
    try {
      return await this.runOnCurrent(code, observer, signal);
    } catch (err) {
      if (!(err instanceof StatementNotSent)) throw err;
      if (!isLostSessionError(err.cause)) throw err.cause;
      // The code never ran on the lost session: a new one (same settings) runs it instead, and
      // ensureSession says plainly that the old one was lost and its variables are gone.
      this.sessionLost(err.cause);
      await this.ensureSession(observer.provision, signal);
      try {
        return await this.runOnCurrent(code, observer, signal);
      } catch (again) {
        throw this.lostError(again, 'SessionLost');
      }
    }
  }

  /** Runs code on the current READY session; a StatementNotSent is passed on as it is. */
  private async runOnCurrent(
    code: string,
    observer: StatementObserver,
    signal: AbortSignal,
  ): Promise<StatementInfo> {
    const current = this.current;
    if (!current || this.state !== 'ready') {
      throw new KernelError('state', 'There is no READY session to run the statement on.', {
        hint: 'Run the cell again: a session is created for it.',
      });
    }
    try {
      return await this.runner.run(this.access.gateway(), current.id, code, observer, signal);
    } catch (err) {
      if (err instanceof StatementNotSent) throw err;
      throw this.lostError(err, 'SessionLostWhileRunning');
    }
  }

  /** Marks the current session lost (the next ensureSession replaces it, with a notice). */
  private sessionLost(err: unknown): void {
    this.transition({ type: 'unavailable' });
    if (this.current) this.current.lostBecause = errorMessage(err);
  }

  /** A lost-session failure as the user sees it; any other error unchanged. */
  private lostError(thrown: unknown, ename: string): unknown {
    const err = thrown instanceof StatementNotSent ? thrown.cause : thrown;
    const id = this.current?.id;
    if (!isLostSessionError(err) || id === undefined) return err;
    this.sessionLost(err);
    return new KernelError('state', lostSessionNotice(id, errorMessage(err)), {
      ename,
      hint: 'Run the cell again to start a new session with the same settings.',
      cause: err,
    });
  }

  async status(signal?: AbortSignal): Promise<SessionStatusReport | undefined> {
    const current = this.current;
    if (!current) return undefined;
    await this.configReady();
    const report = await this.inspector.status(current.id, current.request?.timeout, signal);
    current.info = report.session;
    this.transition({ type: 'status', status: report.session.status });
    return report;
  }

  async listSessions(query: ListingQuery, signal?: AbortSignal): Promise<SessionInfo[]> {
    await this.configReady();
    return this.inspector.list(query, signal);
  }

  async stopSession(signal?: AbortSignal): Promise<StopResult | undefined> {
    const current = this.current;
    if (!current) return undefined;
    await this.configReady();
    const status = await this.provisioner.stop(
      this.access.gateway(),
      current.id,
      this.options.stopWaitMs ?? 60_000,
      signal,
    );
    this.transition({ type: 'stopped-by-user' });
    this.current = undefined;
    return { id: current.id, status };
  }

  async deleteSession(id?: string, signal?: AbortSignal): Promise<string> {
    const target = id ?? this.current?.id;
    if (!target) {
      throw new KernelError('state', 'There is no current session to delete.', {
        hint: 'Name one: %delete_session SESSION_ID.',
      });
    }
    await this.configReady();
    await this.access.gateway().send('DeleteSession', { id: target }, signal);
    if (target === this.current?.id) this.forget();
    return target;
  }

  async reconnect(id: string, signal?: AbortSignal): Promise<SessionInfo> {
    await this.configReady();
    const info = await this.access.gateway().send('GetSession', { id }, signal);
    if (info.status !== 'READY') {
      throw new KernelError(
        'state',
        `Session ${id} is ${info.status}, not READY, so it cannot be attached.`,
        {
          hint: '%list_sessions shows the sessions and their states.',
        },
      );
    }
    this.current = { id, info };
    this.transition({ type: 'attached' });
    return info;
  }

  /** The tags join the settings only once TagResource took them: a failure changes nothing. */
  async tagLiveSession(tags: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const current = this.current;
    if (!current || this.state !== 'ready') {
      this.applySettings({ tags });
      throw new KernelError(
        'state',
        'There is no live session to tag; the tags will be sent when one is created.',
      );
    }
    await this.configReady();
    const resourceArn = await this.access.sessionArn(current.id, signal);
    await this.access.gateway().send('TagResource', { resourceArn, tags }, signal);
    this.applySettings({ tags });
  }

  async shutdown(): Promise<void> {
    const current = this.current;
    if (current && (this.state === 'ready' || this.state === 'provisioning')) {
      this.forget();
      await this.provisioner.stopBestEffort(this.access.gateway(), current.id);
    }
    this.access.close();
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * Before any call that reaches AWS: the shared config files are read and the endpoint the
   * settings name is running. Calls that now go to another local endpoint start over from its
   * account's keys: the credentials chosen for the last one mean nothing there.
   */
  private async configReady(): Promise<void> {
    await this.pending.ready();
    if (await this.pending.prepareEndpoint()) this.access.clear();
  }

  private transition(event: LifecycleEvent): void {
    this.state = nextLiveState(this.state, event);
  }

  private forget(): void {
    this.current = undefined;
    this.state = 'none';
  }
}
