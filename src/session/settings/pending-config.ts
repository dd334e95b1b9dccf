import { KernelError, errorMessage } from '../../errors.js';
import type { Logger } from '../../util/logger.js';
import { quoteInput } from '../../util/quote-input.js';
import type { AwsTarget } from '../aws/aws-access.js';
import { EndpointResolver, type LocalEndpointPort } from '../aws/endpoint-resolver.js';
import type { Environment } from './environment.js';
import { requireRegion } from './frozen-session-config.js';
import {
  CONNECTION_SETTINGS,
  mergedValue,
  type SessionSettings,
  type SettingKey,
} from './setting-registry.js';
import { SettingResolver } from './setting-resolver.js';
import type { ResolvedSetting } from './setting-types.js';
import {
  knownProfiles,
  type SharedConfigLoader,
  type SharedConfigSnapshot,
} from './shared-config-loader.js';

/**
 * The settings the next session and every AWS call will use, before anything is frozen: the
 * magic / %%configure overrides, resolved over the environment and the shared config snapshot
 * (re-read when the profile changes), each merged by its registry row's rule. A CreateSession
 * freezes it into a SessionConfig (frozen-session-config.ts).
 */
export interface PendingConfigOptions {
  env: Environment;
  loadSharedConfig: SharedConfigLoader;
  logger: Logger;
  /** What `%endpoint local` starts; without it, 'local' is refused at the first AWS call. */
  localEndpoint?: LocalEndpointPort;
}

export class PendingConfig {
  private overrides: SessionSettings = {};
  private snapshot: SharedConfigSnapshot | undefined;
  private snapshotLoad: Promise<void> | undefined;
  /** A custom session id is used once: after it created a session, it no longer resolves. */
  private customIdUsed = false;
  private readonly resolver: SettingResolver;
  private readonly endpoints: EndpointResolver;

  constructor(private readonly options: PendingConfigOptions) {
    this.resolver = new SettingResolver(options.env, () => this.snapshot);
    this.endpoints = new EndpointResolver(options.localEndpoint);
    void this.reloadSharedConfig();
  }

  settings(): Readonly<SessionSettings> {
    return structuredClone(this.overrides);
  }

  /**
   * Merges a validated patch; a key present with value `undefined` is unset. Returns whether the
   * connection (profile, region, endpoints in effect) changed: setting a value that is already in
   * effect, e.g. `%region` run again, is no change, so no client is rebuilt and no role re-assumed.
   */
  apply(patch: SessionSettings): { connectionChanged: boolean } {
    const before = this.connectionInEffect();
    const next: Record<string, unknown> = { ...this.overrides };
    for (const [key, value] of Object.entries(patch) as [SettingKey, never][]) {
      if (value === undefined) delete next[key];
      else next[key] = mergedValue(key, this.overrides[key], value);
    }
    if ('sessionId' in patch) this.customIdUsed = false;
    this.overrides = next as SessionSettings;
    if ('profile' in patch) void this.reloadSharedConfig();
    return { connectionChanged: before !== this.connectionInEffect() };
  }

  /** The connection settings in effect, as one comparable value (a bad one counts as its error). */
  private connectionInEffect(): string {
    return JSON.stringify(
      CONNECTION_SETTINGS.map((key) => {
        try {
          return this.resolve(key)?.value ?? null;
        } catch (err) {
          return `unresolvable: ${errorMessage(err)}`;
        }
      }),
    );
  }

  resolve<K extends SettingKey>(key: K): ResolvedSetting<SessionSettings[K]> | undefined {
    if (key === 'sessionId' && this.customIdUsed) return undefined;
    const resolved = this.resolver.resolve(this.overrides, key);
    if (resolved !== undefined || key !== 'iamRole') return resolved;
    // The local endpoint's built-in account brings its session role.
    const role = this.endpoints.defaultRole(
      this.resolver.resolve(this.overrides, 'endpoint')?.value,
    );
    return role === undefined
      ? undefined
      : { value: role as SessionSettings[K], source: 'default' };
  }

  markCustomIdUsed(): void {
    this.customIdUsed = true;
  }

  /** The RequestOrigin to send: the env `request_origin`, else the kernel's own. */
  requestOrigin(fallback: string): string {
    return this.resolver.requestOrigin(fallback);
  }

  /** Resolves once the shared config files (as of the last profile change) have been read. */
  async ready(): Promise<void> {
    await this.snapshotLoad;
  }

  /** Profile names of the shared config files as last read (for %profile completion). */
  async knownProfiles(): Promise<string[]> {
    await this.ready();
    return this.snapshot ? knownProfiles(this.snapshot) : [];
  }

  /**
   * Before calls that reach AWS: starts the endpoint the settings name when it runs in this
   * process (`%endpoint local`). True when the calls now go to another local endpoint.
   */
  prepareEndpoint(): Promise<boolean> {
    return this.endpoints.prepare(this.resolve('endpoint')?.value, this.resolve('localAccounts'));
  }

  /**
   * Profile, region, endpoints and the caller for AWS calls (after prepareEndpoint); a config
   * error when they cannot work.
   */
  awsTarget(): AwsTarget {
    const value = <K extends SettingKey>(k: K) => this.resolve(k)?.value;
    const profile = value('profile');
    if (profile && this.snapshot && !knownProfiles(this.snapshot).includes(profile)) {
      const known = knownProfiles(this.snapshot);
      throw new KernelError(
        'config',
        `The AWS profile '${quoteInput(profile)}' is not defined in the AWS config or credentials file.`,
        {
          hint: known.length
            ? `Known profiles: ${known.join(', ')}; pick one with %profile NAME.`
            : 'No profiles are defined; run `aws configure --profile NAME` first.',
        },
      );
    }
    const region = requireRegion(value('region'));
    return {
      profile,
      region,
      ...this.endpoints.resolve(value('endpoint'), value('stsEndpoint')),
    };
  }

  private reloadSharedConfig(): Promise<void> {
    this.snapshotLoad = this.options
      .loadSharedConfig()
      .then((s) => {
        this.snapshot = s;
      })
      .catch((err: unknown) => {
        this.options.logger.warn(`could not read the AWS config files: ${errorMessage(err)}`);
        this.snapshot ??= { configFile: {}, credentialsFile: {} };
      });
    return this.snapshotLoad;
  }
}
