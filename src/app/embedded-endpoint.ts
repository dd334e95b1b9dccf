/**
 * The embedded local Glue endpoint, seen from the kernel: started in-process on demand (the
 * local kernel at start-up, `%endpoint local` on first use) and closed with the kernel. Only the
 * composition root uses this; the session layer just sees an endpoint URL and credentials.
 */
import type { LocalEndpoint } from '../local/local-endpoint.js';
import type {
  AssumeRoleSpec,
  CallerIdentity,
  LiveState,
  ProvisionObserver,
  RunObserver,
  ResolvedSetting,
  SessionService,
  SessionSettings,
  SessionStatusReport,
  SettingKey,
  StaticCredentialsSpec,
  StopResult,
} from '../session/session-service.js';
import type { SessionInfo, StatementInfo } from '../session/glue-types.js';
import { resolve as resolvePath } from 'node:path';
import { KernelError, errorMessage } from '../errors.js';
import type { Logger } from '../util/logger.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the endpoint's accounts come from: a file (and who named it), or the built-in account. */
export interface AccountsChoice {
  /** Absolute path; undefined: the built-in account. */
  file?: string;
  /** What named the file, for error hints: `%endpoint local --accounts` or the variable. */
  namedBy?: string;
}

export class EmbeddedEndpoint {
  private starting: Promise<LocalEndpoint> | undefined;
  private accounts: string | undefined;
  /** Called with each endpoint started (the local kernel exports its URL for `!` commands). */
  onStarted: ((endpoint: LocalEndpoint) => void) | undefined;
  /**
   * The GlueVersion of the kernel's next session when it runs Spark (a PySpark kernel); the
   * endpoint then keeps a warm standby of that runtime (docs/local-sessions.md, "Warm standby").
   */
  nextSparkGlueVersion: (() => string | undefined) | undefined;

  constructor(
    private readonly env: Env,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts the endpoint with these accounts, once; asked for other accounts, it stops the running
   * one (whose sessions, if any, end with it) and starts again.
   */
  start(choice: AccountsChoice = this.accountsFromEnvironment()): Promise<LocalEndpoint> {
    if (this.starting && this.accounts === choice.file) return this.starting;
    const previous = this.starting;
    this.accounts = choice.file;
    this.starting = this.startWith(choice, previous);
    return this.starting;
  }

  /** On for Spark sessions unless GLUE_KERNEL_LOCAL_STANDBY=0 (=1 turns it on for any kernel). */
  private standbyChoice(): false | { glueVersion?: string } {
    const setting = this.env['GLUE_KERNEL_LOCAL_STANDBY'];
    if (setting === '0' || (setting !== '1' && !this.nextSparkGlueVersion)) return false;
    return { glueVersion: this.nextSparkGlueVersion?.() };
  }

  /** The accounts file the running (or starting) endpoint uses; undefined: the built-in one. */
  accountsInUse(): string | undefined {
    return this.accounts;
  }

  /** The choice the environment makes (GLUE_KERNEL_LOCAL_ACCOUNTS, relative to the cwd). */
  accountsFromEnvironment(): AccountsChoice {
    const file = this.env['GLUE_KERNEL_LOCAL_ACCOUNTS'] || undefined;
    return file === undefined
      ? {}
      : { file: resolvePath(file), namedBy: 'GLUE_KERNEL_LOCAL_ACCOUNTS' };
  }

  private async startWith(
    choice: AccountsChoice,
    previous: Promise<LocalEndpoint> | undefined,
  ): Promise<LocalEndpoint> {
    await (await previous?.catch(() => undefined))?.close();
    let endpoint: LocalEndpoint;
    try {
      const [{ startLocalEndpoint }, { defaultStateDir }] = await Promise.all([
        import('../local/local-endpoint.js'),
        import('../local/state/state-dir.js'),
      ]);
      endpoint = await startLocalEndpoint({
        port: 0,
        accountsFile: choice.file,
        // GLUE_KERNEL_STATE_DIR, else the same per-user default as `glue-kernel local`.
        stateDir: defaultStateDir(this.env),
        // GLUE_KERNEL_LOCAL_PYTHON is the fallback after a runtime of the session's GlueVersion.
        standby: this.standbyChoice(),
        log: (line) => this.logger.debug(`local endpoint: ${line}`),
      });
    } catch (err) {
      // Almost always the user's accounts file or state directory: say which setting to fix.
      throw new KernelError(
        'config',
        `The local Glue endpoint could not start: ${errorMessage(err)}`,
        {
          hint:
            (err as Error)?.name === 'StateError'
              ? 'GLUE_KERNEL_STATE_DIR chooses another state directory (see docs/local-state.md).'
              : choice.file
                ? `Fix the accounts file named by ${choice.namedBy ?? 'GLUE_KERNEL_LOCAL_ACCOUNTS'} (see docs/local-accounts.md), or leave it out to use the built-in account.`
                : 'Check that python3 is installed (or set GLUE_KERNEL_LOCAL_PYTHON).',
          cause: err,
        },
      );
    }
    this.onStarted?.(endpoint);
    return endpoint;
  }

  /**
   * Settings for a kernel that works only with the embedded endpoint: its region, and no user AWS
   * profiles (they must not leak into a local notebook). The built-in account's session role is
   * set when the endpoint is first used (LocalEndpointSwitch), as the notebook may choose other
   * accounts first.
   */
  sessionEnvironment(): Record<string, string> {
    const none = '/nonexistent/glue-kernel-local';
    const region = this.env['AWS_REGION'] || this.env['AWS_DEFAULT_REGION'] || 'us-east-1';
    return {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: none,
      AWS_SHARED_CREDENTIALS_FILE: none,
    };
  }

  /** With the built-in accounts, their documented session role; an accounts file names its own. */
  async defaultSessionRole(): Promise<string | undefined> {
    if (this.accounts !== undefined) return undefined;
    return (await import('../local/identity/accounts.js')).DEFAULT_ROLE_ARN;
  }

  /** The built-in account's id, when the endpoint runs with it (for AccessDenied hints). */
  async builtInAccount(): Promise<string | undefined> {
    if (this.accounts !== undefined) return undefined;
    return (await import('../local/identity/accounts.js')).DEFAULT_ACCOUNT_ID;
  }

  /** Standard AWS settings that point an SDK or CLI (e.g. a `!aws ...` line) at the endpoint. */
  clientEnvironment(endpoint: LocalEndpoint): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_GLUE: endpoint.url,
      AWS_ENDPOINT_URL_STS: endpoint.url,
      AWS_ENDPOINT_URL_S3: endpoint.url,
      AWS_ACCESS_KEY_ID: endpoint.defaultCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: endpoint.defaultCredentials.secretAccessKey,
    };
  }

  async close(): Promise<void> {
    if (!this.starting) return;
    const endpoint = await this.starting.catch(() => undefined);
    await endpoint?.close();
  }
}

/**
 * SessionService with `%endpoint local` resolved: before any call that reaches AWS, a pending
 * 'local' endpoint becomes the embedded endpoint's URL (started with the accounts chosen), signed
 * with its default keys. Seen from the magics, that URL still reads 'local', so `%endpoint local`
 * run again is the unchanged setting it is (a no-op, even with a live session).
 */
export class LocalEndpointSwitch implements SessionService {
  constructor(
    private readonly inner: SessionService,
    private readonly embedded: EmbeddedEndpoint,
  ) {}

  /** False until the endpoint's keys are in use; a later %%assume_role builds on them. */
  private keysInstalled = false;
  private url: string | undefined;
  /** The session role this switch set (the built-in account's), to take back with other accounts. */
  private installedRole: string | undefined;

  private accountsChoice(): AccountsChoice {
    const chosen = this.inner.resolve('localAccounts');
    if (chosen === undefined) return {};
    return {
      file: resolvePath(chosen.value!),
      namedBy:
        chosen.source === 'magic' ? '%endpoint local --accounts' : 'GLUE_KERNEL_LOCAL_ACCOUNTS',
    };
  }

  /** True while the kernel talks to the embedded endpoint it started. */
  private usingEmbedded(): boolean {
    return this.url !== undefined && this.inner.resolve('endpoint')?.value === this.url;
  }

  private async prepare(signal?: AbortSignal): Promise<void> {
    if (this.inner.resolve('endpoint')?.value !== 'local') return;
    const choice = this.accountsChoice();
    const restarted = this.url !== undefined && this.embedded.accountsInUse() !== choice.file;
    const endpoint = await this.embedded.start(choice);
    if (restarted || this.url !== endpoint.url) {
      // Other accounts: the previous endpoint's keys and built-in role mean nothing there.
      this.keysInstalled = false;
      if (
        this.installedRole !== undefined &&
        this.inner.resolve('iamRole')?.value === this.installedRole
      )
        this.inner.applySettings({ iamRole: undefined });
      this.installedRole = undefined;
    }
    const role = this.inner.resolve('iamRole')
      ? undefined
      : await this.embedded.defaultSessionRole();
    if (role !== undefined) this.installedRole = role;
    this.url = endpoint.url;
    this.inner.applySettings({ endpoint: endpoint.url, ...(role ? { iamRole: role } : {}) });
    // Installed once: `%endpoint local` run again must not replace an assumed role.
    if (this.keysInstalled) return;
    await this.inner.useStaticCredentials(endpoint.defaultCredentials, signal);
    this.keysInstalled = true;
  }

  /**
   * AWS refusing the built-in account (it has only its own role) almost always means the notebook
   * was written for an accounts file it did not choose: say how to choose one.
   */
  private async explained<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof KernelError) || !/AccessDenied/.test(err.ename) || !this.usingEmbedded())
        throw err;
      const account = await this.embedded.builtInAccount();
      if (account === undefined) throw err;
      throw new KernelError(err.kind, err.message, {
        ename: err.ename,
        cause: err,
        hint:
          `The local endpoint runs with its built-in account (${account}) only. If the notebook ` +
          'was written for an accounts file, choose it in its first cell: %endpoint local --accounts FILE ' +
          "(relative to the notebook's folder), or set GLUE_KERNEL_LOCAL_ACCOUNTS before Jupyter starts; " +
          'see docs/local-accounts.md.',
      });
    }
  }

  settings(): Readonly<SessionSettings> {
    return this.inner.settings();
  }
  applySettings(patch: SessionSettings): void {
    const unchanged =
      patch.endpoint === 'local' &&
      this.usingEmbedded() &&
      (!('localAccounts' in patch) ||
        (patch.localAccounts === undefined ? undefined : resolvePath(patch.localAccounts)) ===
          this.embedded.accountsInUse());
    if (unchanged) {
      const { endpoint: _same, ...rest } = patch;
      this.inner.applySettings(rest);
    } else this.inner.applySettings(patch);
  }
  resolve<K extends SettingKey>(key: K): ResolvedSetting<SessionSettings[K]> | undefined {
    const resolved = this.inner.resolve(key);
    if (key === 'endpoint' && resolved !== undefined && this.usingEmbedded())
      return { ...resolved, value: 'local' as SessionSettings[K] };
    // Compared with the absolute path %endpoint local --accounts gives.
    if (key === 'localAccounts' && resolved?.value !== undefined)
      return { ...resolved, value: resolvePath(resolved.value as string) as SessionSettings[K] };
    return resolved;
  }
  liveState(): LiveState {
    return this.inner.liveState();
  }
  currentSessionId(): string | undefined {
    return this.inner.currentSessionId();
  }
  clearAssumedRole(): void {
    this.inner.clearAssumedRole();
    // Back to the caller before the role: on the local endpoint, its keys again (at next use).
    if (this.keysInstalled && this.inner.resolve('endpoint')?.value === this.url) {
      this.keysInstalled = false;
      this.inner.applySettings({ endpoint: 'local' });
    }
  }
  async assumeRole(spec: AssumeRoleSpec, signal?: AbortSignal): Promise<CallerIdentity> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.assumeRole(spec, signal);
    });
  }
  async useStaticCredentials(
    keys: StaticCredentialsSpec,
    signal?: AbortSignal,
  ): Promise<CallerIdentity> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.useStaticCredentials(keys, signal);
    });
  }
  async callerIdentity(signal?: AbortSignal): Promise<CallerIdentity> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.callerIdentity(signal);
    });
  }
  async ensureSession(observer: ProvisionObserver, signal: AbortSignal): Promise<SessionInfo> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.ensureSession(observer, signal);
    });
  }
  async runStatement(
    code: string,
    observer: RunObserver,
    signal: AbortSignal,
  ): Promise<StatementInfo> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.runStatement(code, observer, signal);
    });
  }
  async status(signal?: AbortSignal): Promise<SessionStatusReport | undefined> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.status(signal);
    });
  }
  async listSessions(
    query: { tags?: Record<string, string>; max?: number },
    signal?: AbortSignal,
  ): Promise<SessionInfo[]> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.listSessions(query, signal);
    });
  }
  async stopSession(signal?: AbortSignal): Promise<StopResult | undefined> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.stopSession(signal);
    });
  }
  async deleteSession(id?: string, signal?: AbortSignal): Promise<string> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.deleteSession(id, signal);
    });
  }
  async reconnect(id: string, signal?: AbortSignal): Promise<SessionInfo> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.reconnect(id, signal);
    });
  }
  async tagLiveSession(tags: Record<string, string>, signal?: AbortSignal): Promise<void> {
    return this.explained(async () => {
      await this.prepare(signal);
      return this.inner.tagLiveSession(tags, signal);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  async knownProfiles(): Promise<string[]> {
    return (await this.inner.knownProfiles?.()) ?? [];
  }
}
