import { KernelError } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { isRoleArn, sessionArn } from './aws-arns.js';
import { AwsCallError, failureReason } from './aws-error-translator.js';
import {
  defaultRoleSessionName,
  refreshingCredentials,
  staticCredentials,
  type AssumeRoleRequest,
  type CredentialBroker,
  type CredentialProvider,
  type RefreshingProvider,
  type StsTarget,
} from './aws-credentials.js';
import type { EndpointTarget } from './endpoint-resolver.js';
import type { GlueGateway } from './glue-gateway.js';
import type { AssumeRoleSpec, CallerIdentity, StaticCredentialsSpec } from '../session-service.js';
import { quoteSupposedArn } from '../../util/quote-input.js';

/**
 * Who the kernel acts as and the Glue client bound to it. Region, endpoint, profile and the
 * credential mode form a key; when the key changes a NEW gateway (new SDK clients) is built, as
 * the SDK's effective practices ask — a client is never mutated. A call that fails because the
 * credentials expired re-fetches them once and retries on a fresh gateway.
 */
export interface AwsTarget extends EndpointTarget {
  profile?: string;
  region: string;
}

export interface GatewayTarget {
  region: string;
  endpoint?: string;
  credentials: RefreshingProvider;
}

export type GlueGatewayFactory = (target: GatewayTarget) => GlueGateway;

type CallerMode = { kind: 'base' } | { kind: 'static'; keys: StaticCredentialsSpec };
/** Assumed roles are asked for by the base or static caller in effect then (never chained). */
type Mode = CallerMode | { kind: 'assumed'; request: AssumeRoleRequest; via: CallerMode };

interface Live {
  key: string;
  target: AwsTarget;
  provider: RefreshingProvider;
  gateway: GlueGateway;
  identity?: Promise<CallerIdentity>;
}

export interface AwsAccessOptions {
  broker: CredentialBroker;
  gateways: GlueGatewayFactory;
  clock: Clock;
  logger: Logger;
  /** The current target, resolved from settings at each call (may throw a config error). */
  target: () => AwsTarget;
}

export class AwsAccess {
  private mode: Mode = { kind: 'base' };
  private generation = 0;
  private live: Live | undefined;

  constructor(private readonly options: AwsAccessOptions) {}

  /** A gateway that always talks through the current credentials and target. */
  gateway(): GlueGateway {
    return {
      send: (operation, input, signal) =>
        this.explained(() => this.withRetry((g) => g.send(operation, input, signal))),
    };
  }

  region(): string {
    return this.options.target().region;
  }

  /** The ARN of a session of the caller's account in the current region (GetTags, TagResource). */
  async sessionArn(sessionId: string, signal?: AbortSignal): Promise<string> {
    const { account } = await this.identity(signal);
    return sessionArn(this.region(), account, sessionId);
  }

  /** The caller's identity, cached per credential set (and per target). */
  identity(signal?: AbortSignal): Promise<CallerIdentity> {
    return this.explained(() => this.currentIdentity(signal));
  }

  private async currentIdentity(signal?: AbortSignal): Promise<CallerIdentity> {
    const live = this.current();
    live.identity ??= this.fetchIdentity(live, signal).catch((err: unknown) => {
      live.identity = undefined;
      throw err;
    });
    const identity = await live.identity;
    // The cached identity is fixed; the credentials behind it may have been refreshed since.
    const { expiration } = await live.provider();
    return expiration ? { ...identity, expiration } : identity;
  }

  assumeRole(spec: AssumeRoleSpec, signal?: AbortSignal): Promise<CallerIdentity> {
    return this.explained(() => this.assume(spec, signal));
  }

  private async assume(spec: AssumeRoleSpec, signal?: AbortSignal): Promise<CallerIdentity> {
    if (!isRoleArn(spec.roleArn)) {
      throw new KernelError('usage', `${quoteSupposedArn(spec.roleArn)} is not an IAM role ARN.`, {
        hint: 'Give the role as arn:aws:iam::ACCOUNT:role/NAME.',
      });
    }
    const via: CallerMode = this.mode.kind === 'assumed' ? this.mode.via : this.mode;
    let sessionName = spec.sessionName;
    if (!sessionName) {
      // The caller's identity names the session (and proves the caller's own credentials work).
      const caller = await this.probe(via, signal);
      sessionName = defaultRoleSessionName(caller.arn);
    }
    return this.switchTo({ kind: 'assumed', request: { ...spec, sessionName }, via }, signal);
  }

  async useStatic(keys: StaticCredentialsSpec, signal?: AbortSignal): Promise<CallerIdentity> {
    if (!keys.accessKeyId || !keys.secretAccessKey) {
      throw new KernelError(
        'usage',
        'Both aws_access_key_id and aws_secret_access_key are needed.',
        {
          hint: "Give a dict such as {'aws_access_key_id': ..., 'aws_secret_access_key': ..., 'aws_session_token': ...}.",
        },
      );
    }
    return this.explained(() => this.switchTo({ kind: 'static', keys: { ...keys } }, signal));
  }

  clear(): void {
    this.mode = { kind: 'base' };
    this.generation++;
    this.replaceLive(undefined);
  }

  /** Settings changed (region, endpoint, profile): the next call builds new clients. */
  invalidate(): void {
    this.replaceLive(undefined);
  }

  /** Releases the clients (kernel shutdown); a later call builds new ones. */
  close(): void {
    this.replaceLive(undefined);
  }

  private async switchTo(mode: Mode, signal?: AbortSignal): Promise<CallerIdentity> {
    const candidate = this.build(mode, this.generation + 1);
    let identity: CallerIdentity;
    try {
      identity = await this.fetchIdentity(candidate, signal);
    } catch (err) {
      candidate.gateway.close?.();
      throw err;
    }
    this.mode = mode;
    this.generation++;
    candidate.identity = Promise.resolve(identity);
    this.replaceLive(candidate);
    return identity;
  }

  private async probe(mode: Mode, signal?: AbortSignal): Promise<CallerIdentity> {
    const live = this.build(mode, -1);
    try {
      return await this.fetchIdentity(live, signal);
    } finally {
      live.gateway.close?.();
    }
  }

  /**
   * The old gateway is closed, not dropped: its SDK client holds keep-alive sockets. Calls still
   * in flight on it hold their own reference and finish first (the gateway waits for them).
   */
  private replaceLive(next: Live | undefined): void {
    const old = this.live;
    this.live = next;
    if (old && old !== next) old.gateway.close?.();
  }

  private current(): Live {
    const target = this.options.target();
    const key = this.keyOf(target, this.generation);
    if (this.live?.key === key) return this.live;
    const live = this.build(this.mode, this.generation, target);
    this.replaceLive(live);
    return live;
  }

  private keyOf(target: AwsTarget, generation: number): string {
    return JSON.stringify([
      target.profile,
      target.region,
      target.endpoint,
      target.stsEndpoint,
      target.caller?.accessKeyId,
      generation,
    ]);
  }

  private build(mode: Mode, generation: number, target = this.options.target()): Live {
    const { broker, clock } = this.options;
    const sts: StsTarget = { region: target.region, endpoint: target.stsEndpoint };
    // The base caller is the user's credential chain, or the keys the target brings.
    const base = (): CredentialProvider =>
      target.caller ? staticCredentials(target.caller) : broker.base(target.profile);
    const callerOf = (m: CallerMode): RefreshingProvider =>
      refreshingCredentials(m.kind === 'static' ? staticCredentials(m.keys) : base(), clock);
    const provider =
      mode.kind === 'assumed'
        ? refreshingCredentials(broker.assumeRole(callerOf(mode.via), mode.request, sts), clock)
        : callerOf(mode);
    const gateway = this.options.gateways({
      region: target.region,
      endpoint: target.endpoint,
      credentials: provider,
    });
    return { key: this.keyOf(target, generation), target, provider, gateway };
  }

  private async fetchIdentity(live: Live, signal?: AbortSignal): Promise<CallerIdentity> {
    const sts: StsTarget = { region: live.target.region, endpoint: live.target.stsEndpoint };
    const identity = await this.options.broker.callerIdentity(live.provider, sts, signal);
    const creds = await live.provider();
    return creds.expiration ? { ...identity, expiration: creds.expiration } : identity;
  }

  /** An AccessDenied from a target that explains its own refusals (aws/endpoint-resolver.ts). */
  private async explained<R>(call: () => Promise<R>): Promise<R> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof KernelError) || !/AccessDenied/.test(err.ename)) throw err;
      const hint = this.currentTarget()?.accessDeniedHint;
      if (hint === undefined) throw err;
      const explained = new KernelError(err.kind, err.message, {
        ename: err.ename,
        cause: err,
        hint,
      });
      throw new AwsCallError(explained, failureReason(err));
    }
  }

  private currentTarget(): AwsTarget | undefined {
    try {
      return this.options.target();
    } catch {
      return undefined;
    }
  }

  private async withRetry<R>(fn: (g: GlueGateway) => Promise<R>): Promise<R> {
    const live = this.current();
    try {
      return await fn(live.gateway);
    } catch (err) {
      if (failureReason(err) !== 'credentials-expired') throw err;
      this.options.logger.info(
        'credentials reported expired; fetching fresh ones and retrying once',
      );
      live.provider.invalidate();
      if (this.live === live) this.replaceLive(undefined);
      return fn(this.current().gateway);
    }
  }
}
