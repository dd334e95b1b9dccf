/**
 * The embedded local Glue endpoint, seen from the kernel: started in-process on demand (the
 * local kernel at start-up, `%endpoint local` on first use) and closed with the kernel. Only the
 * composition root uses this; the session layer just sees an endpoint URL and credentials.
 */
import type { LocalEndpoint } from './local/local-endpoint.js';
import type {
  AssumeRoleSpec,
  CallerIdentity,
  LiveState,
  ProvisionObserver,
  ResolvedSetting,
  SessionService,
  SessionSettings,
  SessionStatusReport,
  SettingKey,
  StaticCredentialsSpec,
  StatementObserver,
  StopResult,
} from './session/session-service.js';
import type { SessionInfo, StatementInfo } from './session/glue-types.js';
import { KernelError, errorMessage } from './errors.js';
import type { Logger } from './util/logger.js';

type Env = Readonly<Record<string, string | undefined>>;

export class EmbeddedEndpoint {
  private starting: Promise<LocalEndpoint> | undefined;

  constructor(
    private readonly env: Env,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts the endpoint once; the accounts file, interpreter and state directory come from the
   * environment (GLUE_KERNEL_STATE_DIR, else the same per-user default as `glue-kernel local`).
   */
  start(): Promise<LocalEndpoint> {
    const accountsFile = this.env['GLUE_KERNEL_LOCAL_ACCOUNTS'] || undefined;
    this.starting ??= Promise.all([
      import('./local/local-endpoint.js'),
      import('./local/state/state-dir.js'),
    ])
      .then(([{ startLocalEndpoint }, { defaultStateDir }]) =>
        startLocalEndpoint({
          port: 0,
          accountsFile,
          stateDir: defaultStateDir(this.env),
          // GLUE_KERNEL_LOCAL_PYTHON is the fallback after a runtime of the session's GlueVersion.
          standby: this.env['GLUE_KERNEL_LOCAL_STANDBY'] === '1',
          log: (line) => this.logger.debug(`local endpoint: ${line}`),
        }),
      )
      .catch((err: unknown) => {
        // Almost always the user's accounts file or state directory: say which setting to fix.
        throw new KernelError(
          'config',
          `The local Glue endpoint could not start: ${errorMessage(err)}`,
          {
            hint:
              (err as Error)?.name === 'StateError'
                ? 'GLUE_KERNEL_STATE_DIR chooses another state directory (see docs/local-state.md).'
                : accountsFile
                  ? 'Fix the accounts file named by GLUE_KERNEL_LOCAL_ACCOUNTS (see docs/local-accounts.md), or unset it to use the built-in account.'
                  : 'Check that python3 is installed (or set GLUE_KERNEL_LOCAL_PYTHON).',
            cause: err,
          },
        );
      });
    return this.starting;
  }

  /**
   * Settings for a kernel that works only with the embedded endpoint: its region, no user AWS
   * profiles (they must not leak into a local notebook), and, with the built-in accounts, their
   * documented session role so a notebook runs with zero set-up (an accounts file names its own).
   */
  async sessionEnvironment(): Promise<Record<string, string>> {
    const none = '/nonexistent/glue-kernel-local';
    const roleSet = ['glue_role_arn', 'GLUE_ROLE_ARN', 'glue_iam_role', 'GLUE_IAM_ROLE'].some(
      (name) => this.env[name],
    );
    const defaultRole = roleSet ? undefined : await this.defaultSessionRole();
    const region = this.env['AWS_REGION'] || this.env['AWS_DEFAULT_REGION'] || 'us-east-1';
    return {
      ...(defaultRole ? { glue_role_arn: defaultRole } : {}),
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: none,
      AWS_SHARED_CREDENTIALS_FILE: none,
    };
  }

  /** With the built-in accounts, their documented session role; an accounts file names its own. */
  async defaultSessionRole(): Promise<string | undefined> {
    if (this.env['GLUE_KERNEL_LOCAL_ACCOUNTS']) return undefined;
    return (await import('./local/identity/accounts.js')).DEFAULT_ROLE_ARN;
  }

  /** Standard AWS settings that point an SDK or CLI (e.g. a `!aws ...` line) at the endpoint. */
  clientEnvironment(endpoint: LocalEndpoint): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_GLUE: endpoint.url,
      AWS_ENDPOINT_URL_STS: endpoint.url,
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
 * 'local' endpoint becomes the embedded endpoint's URL, signed with its default keys.
 */
export class LocalEndpointSwitch implements SessionService {
  constructor(
    private readonly inner: SessionService,
    private readonly embedded: EmbeddedEndpoint,
  ) {}

  /** False until the endpoint's keys are in use; a later %%assume_role builds on them. */
  private keysInstalled = false;
  private url: string | undefined;

  private async prepare(signal?: AbortSignal): Promise<void> {
    if (this.inner.resolve('endpoint')?.value !== 'local') return;
    const endpoint = await this.embedded.start();
    const role = this.inner.resolve('iamRole')
      ? undefined
      : await this.embedded.defaultSessionRole();
    this.url = endpoint.url;
    this.inner.applySettings({ endpoint: endpoint.url, ...(role ? { iamRole: role } : {}) });
    // Installed once: `%endpoint local` run again must not replace an assumed role.
    if (this.keysInstalled) return;
    await this.inner.useStaticCredentials(endpoint.defaultCredentials, signal);
    this.keysInstalled = true;
  }

  settings(): Readonly<SessionSettings> {
    return this.inner.settings();
  }
  applySettings(patch: SessionSettings): void {
    this.inner.applySettings(patch);
  }
  resolve<K extends SettingKey>(key: K): ResolvedSetting<SessionSettings[K]> | undefined {
    return this.inner.resolve(key);
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
    await this.prepare(signal);
    return this.inner.assumeRole(spec, signal);
  }
  async useStaticCredentials(
    keys: StaticCredentialsSpec,
    signal?: AbortSignal,
  ): Promise<CallerIdentity> {
    await this.prepare(signal);
    return this.inner.useStaticCredentials(keys, signal);
  }
  async callerIdentity(signal?: AbortSignal): Promise<CallerIdentity> {
    await this.prepare(signal);
    return this.inner.callerIdentity(signal);
  }
  async ensureSession(observer: ProvisionObserver, signal: AbortSignal): Promise<SessionInfo> {
    await this.prepare(signal);
    return this.inner.ensureSession(observer, signal);
  }
  async runStatement(
    code: string,
    observer: StatementObserver,
    signal: AbortSignal,
  ): Promise<StatementInfo> {
    await this.prepare(signal);
    return this.inner.runStatement(code, observer, signal);
  }
  async status(signal?: AbortSignal): Promise<SessionStatusReport | undefined> {
    await this.prepare(signal);
    return this.inner.status(signal);
  }
  async listSessions(
    query: { tags?: Record<string, string>; max?: number },
    signal?: AbortSignal,
  ): Promise<SessionInfo[]> {
    await this.prepare(signal);
    return this.inner.listSessions(query, signal);
  }
  async stopSession(signal?: AbortSignal): Promise<StopResult | undefined> {
    await this.prepare(signal);
    return this.inner.stopSession(signal);
  }
  async deleteSession(id?: string, signal?: AbortSignal): Promise<string> {
    await this.prepare(signal);
    return this.inner.deleteSession(id, signal);
  }
  async reconnect(id: string, signal?: AbortSignal): Promise<SessionInfo> {
    await this.prepare(signal);
    return this.inner.reconnect(id, signal);
  }
  async tagLiveSession(tags: Record<string, string>, signal?: AbortSignal): Promise<void> {
    await this.prepare(signal);
    return this.inner.tagLiveSession(tags, signal);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  async knownProfiles(): Promise<string[]> {
    return (await this.inner.knownProfiles?.()) ?? [];
  }
}
