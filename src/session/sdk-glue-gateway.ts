import type { GlueClient, Session, Statement } from '@aws-sdk/client-glue';
import type { Logger } from '../util/logger.js';
import { translateAwsError, type AwsCallContext } from './aws-error-translator.js';
import type { CredentialProvider } from './credentials.js';
import {
  keepExtendedStatementData,
  type ExtendedStatementData,
} from './extended-statement-data.js';
import type { GlueGateway } from './glue-gateway.js';
import { sdkRequestHandler, type HttpTimeouts } from './sdk-request-handler.js';
import type { SdkUserAgent } from './sdk-user-agent.js';
import type {
  ConnectionInfo,
  ListSessionsQuery,
  SessionInfo,
  SessionPage,
  SessionRequest,
  SessionStatus,
  StatementInfo,
  StatementState,
} from './glue-types.js';

/**
 * GlueGateway over the AWS SDK: the only module that imports @aws-sdk/client-glue, and it does so
 * lazily, on the first call, so the kernel starts without loading the SDK. PascalCase shapes stop
 * here; missing fields are tolerated (emulators omit many); every SDK error is translated once.
 * The SDK's standard retry strategy absorbs throttling and 5xx; TLS is always verified (the
 * default HTTPS agent is never replaced).
 */
export interface SdkGlueGatewayOptions {
  region: string;
  endpoint?: string;
  credentials: CredentialProvider;
  logger?: Logger;
  /** Attempts per call for throttling/5xx (SDK standard retry mode). */
  maxAttempts?: number;
  timeouts?: HttpTimeouts;
  /** Appended to the SDK's User-Agent (this kernel's name and version). */
  userAgent?: SdkUserAgent;
}

type GlueSdk = typeof import('@aws-sdk/client-glue');

export class SdkGlueGateway implements GlueGateway {
  private loaded: Promise<{ sdk: GlueSdk; client: GlueClient }> | undefined;
  private inFlight = 0;
  private closing = false;

  constructor(private readonly options: SdkGlueGatewayOptions) {}

  async createSession(r: SessionRequest, signal?: AbortSignal): Promise<SessionInfo> {
    const out = await this.call('CreateSession', { sessionId: r.id, role: r.role }, (sdk, client) =>
      client.send(
        new sdk.CreateSessionCommand({
          Id: r.id,
          Role: r.role,
          Command: { Name: r.command.name, PythonVersion: r.command.pythonVersion },
          DefaultArguments: r.defaultArguments,
          GlueVersion: r.glueVersion,
          WorkerType: r.workerType as never,
          NumberOfWorkers: r.numberOfWorkers,
          MaxCapacity: r.maxCapacity,
          IdleTimeout: r.idleTimeout,
          Timeout: r.timeout,
          SecurityConfiguration: r.securityConfiguration,
          Connections: r.connections ? { Connections: r.connections } : undefined,
          Tags: r.tags,
          RequestOrigin: r.requestOrigin,
          Description: r.description,
        }),
        { abortSignal: signal },
      ),
    );
    // Some emulators answer `{}`: the session exists under the id we asked for.
    if (!out.Session?.Id) return this.getSession(r.id, signal);
    return toSessionInfo(out.Session, r.id);
  }

  async getSession(id: string, signal?: AbortSignal): Promise<SessionInfo> {
    const out = await this.call('GetSession', { sessionId: id }, (sdk, client) =>
      client.send(new sdk.GetSessionCommand({ Id: id }), { abortSignal: signal }),
    );
    return toSessionInfo(out.Session ?? {}, id);
  }

  async listSessions(q: ListSessionsQuery, signal?: AbortSignal): Promise<SessionPage> {
    const out = await this.call('ListSessions', {}, (sdk, client) =>
      client.send(
        new sdk.ListSessionsCommand({
          Tags: q.tags && Object.keys(q.tags).length > 0 ? q.tags : undefined,
          MaxResults: q.maxResults,
          NextToken: q.nextToken,
          RequestOrigin: q.requestOrigin,
        }),
        { abortSignal: signal },
      ),
    );
    const sessions = (out.Sessions ?? []).filter((s) => s.Id).map((s) => toSessionInfo(s, s.Id!));
    return out.NextToken ? { sessions, nextToken: out.NextToken } : { sessions };
  }

  async stopSession(id: string, signal?: AbortSignal): Promise<void> {
    await this.call('StopSession', { sessionId: id }, (sdk, client) =>
      client.send(new sdk.StopSessionCommand({ Id: id }), { abortSignal: signal }),
    );
  }

  async deleteSession(id: string, signal?: AbortSignal): Promise<void> {
    await this.call('DeleteSession', { sessionId: id }, (sdk, client) =>
      client.send(new sdk.DeleteSessionCommand({ Id: id }), { abortSignal: signal }),
    );
  }

  async runStatement(sessionId: string, code: string, signal?: AbortSignal): Promise<number> {
    const out = await this.call('RunStatement', { sessionId }, (sdk, client) =>
      client.send(new sdk.RunStatementCommand({ SessionId: sessionId, Code: code }), {
        abortSignal: signal,
      }),
    );
    if (out.Id === undefined)
      throw translateAwsError(new Error('RunStatement returned no statement id'), {
        operation: 'RunStatement',
      });
    return out.Id;
  }

  async getStatement(
    sessionId: string,
    statementId: number,
    signal?: AbortSignal,
  ): Promise<StatementInfo> {
    let extended: ExtendedStatementData | undefined;
    const out = await this.call('GetStatement', { sessionId }, (sdk, client) => {
      const command = new sdk.GetStatementCommand({ SessionId: sessionId, Id: statementId });
      // Per command, so concurrent calls never see each other's bodies; 'low' runs it inside
      // the SDK's deserializer, on the raw response.
      // (`add` is overloaded per step; the last overload is the deserialize one.)
      const middleware: Parameters<typeof command.middlewareStack.add>[0] =
        keepExtendedStatementData(client.config.streamCollector, (data) => {
          extended = data;
        });
      command.middlewareStack.add(middleware, {
        step: 'deserialize',
        priority: 'low',
        name: 'keepExtendedStatementData',
      });
      return client.send(command, { abortSignal: signal });
    });
    return toStatementInfo(out.Statement ?? {}, statementId, extended);
  }

  async cancelStatement(
    sessionId: string,
    statementId: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call('CancelStatement', { sessionId }, (sdk, client) =>
      client.send(new sdk.CancelStatementCommand({ SessionId: sessionId, Id: statementId }), {
        abortSignal: signal,
      }),
    );
  }

  async getTags(resourceArn: string, signal?: AbortSignal): Promise<Record<string, string>> {
    const out = await this.call('GetTags', {}, (sdk, client) =>
      client.send(new sdk.GetTagsCommand({ ResourceArn: resourceArn }), { abortSignal: signal }),
    );
    return { ...(out.Tags ?? {}) };
  }

  async tagResource(
    resourceArn: string,
    tags: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call('TagResource', {}, (sdk, client) =>
      client.send(new sdk.TagResourceCommand({ ResourceArn: resourceArn, TagsToAdd: tags }), {
        abortSignal: signal,
      }),
    );
  }

  async getConnection(name: string, signal?: AbortSignal): Promise<ConnectionInfo> {
    const out = await this.call('GetConnection', {}, (sdk, client) =>
      client.send(new sdk.GetConnectionCommand({ Name: name, HidePassword: true }), {
        abortSignal: signal,
      }),
    );
    const c = out.Connection ?? {};
    const physical = c.PhysicalConnectionRequirements ?? {};
    return {
      name: c.Name ?? name,
      connectionType: c.ConnectionType,
      subnetId: physical.SubnetId,
      securityGroupIds: physical.SecurityGroupIdList,
      availabilityZone: physical.AvailabilityZone,
    };
  }

  /**
   * Destroys the SDK client (its keep-alive sockets) once no call is in flight: destroying it
   * earlier would kill those calls' sockets. A call made after close still works, on a new client
   * that is released in turn.
   */
  close(): void {
    this.closing = true;
    if (this.inFlight === 0) this.release();
  }

  private release(): void {
    const loaded = this.loaded;
    this.loaded = undefined;
    loaded?.then(
      ({ client }) => client.destroy(),
      () => undefined,
    );
  }

  private async call<T>(
    operation: string,
    ctx: Omit<AwsCallContext, 'operation'>,
    send: (sdk: GlueSdk, client: GlueClient) => Promise<T>,
  ): Promise<T> {
    this.inFlight++;
    try {
      const { sdk, client } = await this.load();
      try {
        return await send(sdk, client);
      } catch (err) {
        const kernelError = translateAwsError(err, {
          operation,
          region: this.options.region,
          endpoint: this.options.endpoint,
          ...ctx,
        });
        this.options.logger?.debug(`${operation} failed: ${kernelError.ename}`);
        throw kernelError;
      }
    } finally {
      if (--this.inFlight === 0 && this.closing) this.release();
    }
  }

  private load(): Promise<{ sdk: GlueSdk; client: GlueClient }> {
    this.loaded ??= import('@aws-sdk/client-glue').then((sdk) => ({
      sdk,
      client: new sdk.GlueClient({
        region: this.options.region,
        endpoint: this.options.endpoint,
        credentials: this.options.credentials,
        // A notebook polls for hours: ride out throttling and 5xx storms rather than fail a cell.
        maxAttempts: this.options.maxAttempts ?? 8,
        retryMode: 'standard',
        requestHandler: sdkRequestHandler(this.options.timeouts),
        customUserAgent: this.options.userAgent,
      }),
    }));
    return this.loaded;
  }
}

function toSessionInfo(s: Session, fallbackId: string): SessionInfo {
  const info: SessionInfo = {
    id: s.Id ?? fallbackId,
    status: (s.Status ?? 'PROVISIONING') as SessionStatus,
  };
  if (s.Role !== undefined) info.role = s.Role;
  if (s.CreatedOn !== undefined) info.createdOn = new Date(s.CreatedOn);
  if (s.CompletedOn !== undefined) info.completedOn = new Date(s.CompletedOn);
  if (s.GlueVersion !== undefined) info.glueVersion = s.GlueVersion;
  if (s.Command) info.command = { name: s.Command.Name, pythonVersion: s.Command.PythonVersion };
  if (s.IdleTimeout !== undefined) info.idleTimeout = s.IdleTimeout;
  if (s.WorkerType !== undefined) info.workerType = s.WorkerType;
  if (s.NumberOfWorkers !== undefined) info.numberOfWorkers = s.NumberOfWorkers;
  if (s.MaxCapacity !== undefined) info.maxCapacity = s.MaxCapacity;
  if (s.Connections?.Connections) info.connections = [...s.Connections.Connections];
  if (s.DefaultArguments) info.defaultArguments = { ...s.DefaultArguments };
  if (s.SecurityConfiguration !== undefined) info.securityConfiguration = s.SecurityConfiguration;
  if (s.ErrorMessage !== undefined) info.errorMessage = s.ErrorMessage;
  if (s.Progress !== undefined) info.progress = s.Progress;
  if (s.Description !== undefined) info.description = s.Description;
  return info;
}

function toStatementInfo(
  st: Statement,
  fallbackId: number,
  extended: ExtendedStatementData | undefined,
): StatementInfo {
  const info: StatementInfo = {
    id: st.Id ?? fallbackId,
    state: (st.State ?? 'WAITING') as StatementState,
  };
  if (st.Code !== undefined) info.code = st.Code;
  if (st.Progress !== undefined) info.progress = st.Progress;
  if (st.StartedOn !== undefined) info.startedOn = st.StartedOn;
  if (st.CompletedOn !== undefined) info.completedOn = st.CompletedOn;
  const o = st.Output;
  if (o) {
    info.output = {};
    if (o.Status !== undefined) info.output.status = o.Status;
    if (o.ExecutionCount !== undefined) info.output.executionCount = o.ExecutionCount;
    if (o.Data || extended) {
      info.output.data = { ...extended };
      if (o.Data?.TextPlain !== undefined) info.output.data.textPlain = o.Data.TextPlain;
    }
    if (o.ErrorName !== undefined) info.output.errorName = o.ErrorName;
    if (o.ErrorValue !== undefined) info.output.errorValue = o.ErrorValue;
    if (o.Traceback !== undefined) info.output.traceback = [...o.Traceback];
  }
  return info;
}

/** The production GlueGatewayFactory: a new SdkGlueGateway (new SDK client) per target. */
export function sdkGlueGateways(logger?: Logger, userAgent?: SdkUserAgent) {
  return (target: {
    region: string;
    endpoint?: string;
    credentials: CredentialProvider;
  }): GlueGateway =>
    new SdkGlueGateway({
      region: target.region,
      endpoint: target.endpoint,
      credentials: target.credentials,
      logger,
      userAgent,
    });
}
