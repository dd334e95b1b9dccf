import type {
  CreateSessionRequest,
  GlueClient,
  Session,
  Statement,
  WorkerType,
} from '@aws-sdk/client-glue';
import type { Logger } from '../../util/logger.js';
import { translateAwsError, type AwsCallContext } from './aws-error-translator.js';
import type { CredentialProvider } from './aws-credentials.js';
import {
  keepExtendedStatementData,
  type ExtendedStatementData,
} from './extended-statement-data.js';
import type { GlueGateway, GlueInput, GlueOperation, GlueOutput } from './glue-gateway.js';
import { sdkEndpointConfig } from './sdk-endpoint-config.js';
import { sdkRequestHandler, type HttpTimeouts } from './sdk-request-handler.js';
import type { SdkUserAgent } from './sdk-user-agent.js';
import type {
  SessionInfo,
  SessionRequest,
  SessionStatus,
  StatementInfo,
  StatementState,
} from '../glue-types.js';

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

  send<O extends GlueOperation>(
    operation: O,
    input: GlueInput<O>,
    signal?: AbortSignal,
  ): Promise<GlueOutput<O>> {
    return this.call(operation, callContext(input), (sdk, client) =>
      dispatchSdk(operation, input, { sdk, client, signal, gateway: this }),
    );
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
    operation: GlueOperation,
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
        ...sdkEndpointConfig(this.options.endpoint),
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

interface SdkCall {
  sdk: GlueSdk;
  client: GlueClient;
  signal?: AbortSignal;
  /** For CreateSession's fallback to GetSession. */
  gateway: GlueGateway;
}

type SdkHandlers = {
  [O in GlueOperation]: (input: GlueInput<O>, call: SdkCall) => Promise<GlueOutput<O>>;
};

/** Each operation of GlueOperations as its SDK command: domain input → command → domain output. */
const SDK_HANDLERS: SdkHandlers = {
  async CreateSession(r, { sdk, client, signal, gateway }) {
    const out = await client.send(new sdk.CreateSessionCommand(createSessionInput(r)), {
      abortSignal: signal,
    });
    // Some emulators answer `{}`: the session exists under the id we asked for.
    if (!out.Session?.Id) return gateway.send('GetSession', { id: r.id }, signal);
    return toSessionInfo(out.Session, r.id);
  },
  async GetSession({ id }, { sdk, client, signal }) {
    const out = await client.send(new sdk.GetSessionCommand({ Id: id }), { abortSignal: signal });
    return toSessionInfo(out.Session ?? {}, id);
  },
  async ListSessions(q, { sdk, client, signal }) {
    const out = await client.send(
      new sdk.ListSessionsCommand({
        Tags: q.tags && Object.keys(q.tags).length > 0 ? q.tags : undefined,
        MaxResults: q.maxResults,
        NextToken: q.nextToken,
        RequestOrigin: q.requestOrigin,
      }),
      { abortSignal: signal },
    );
    const sessions = (out.Sessions ?? []).filter((s) => s.Id).map((s) => toSessionInfo(s, s.Id!));
    return out.NextToken ? { sessions, nextToken: out.NextToken } : { sessions };
  },
  async StopSession({ id }, { sdk, client, signal }) {
    await client.send(new sdk.StopSessionCommand({ Id: id }), { abortSignal: signal });
  },
  async DeleteSession({ id }, { sdk, client, signal }) {
    await client.send(new sdk.DeleteSessionCommand({ Id: id }), { abortSignal: signal });
  },
  async RunStatement({ sessionId, code }, { sdk, client, signal }) {
    const out = await client.send(
      new sdk.RunStatementCommand({ SessionId: sessionId, Code: code }),
      {
        abortSignal: signal,
      },
    );
    if (out.Id === undefined) throw new Error('RunStatement returned no statement id');
    return out.Id;
  },
  async GetStatement({ sessionId, statementId }, { sdk, client, signal }) {
    let extended: ExtendedStatementData | undefined;
    const command = new sdk.GetStatementCommand({ SessionId: sessionId, Id: statementId });
    // Per command, so concurrent calls never see each other's bodies; 'low' runs it inside
    // the SDK's deserializer, on the raw response.
    // (`add` is overloaded per step; the last overload is the deserialize one.)
    const middleware: Parameters<typeof command.middlewareStack.add>[0] = keepExtendedStatementData(
      client.config.streamCollector,
      (data) => {
        extended = data;
      },
    );
    command.middlewareStack.add(middleware, {
      step: 'deserialize',
      priority: 'low',
      name: 'keepExtendedStatementData',
    });
    const out = await client.send(command, { abortSignal: signal });
    return toStatementInfo(out.Statement ?? {}, statementId, extended);
  },
  async CancelStatement({ sessionId, statementId }, { sdk, client, signal }) {
    await client.send(new sdk.CancelStatementCommand({ SessionId: sessionId, Id: statementId }), {
      abortSignal: signal,
    });
  },
  async GetTags({ resourceArn }, { sdk, client, signal }) {
    const out = await client.send(new sdk.GetTagsCommand({ ResourceArn: resourceArn }), {
      abortSignal: signal,
    });
    return { ...(out.Tags ?? {}) };
  },
  async TagResource({ resourceArn, tags }, { sdk, client, signal }) {
    await client.send(new sdk.TagResourceCommand({ ResourceArn: resourceArn, TagsToAdd: tags }), {
      abortSignal: signal,
    });
  },
  async GetConnection({ name }, { sdk, client, signal }) {
    const out = await client.send(
      new sdk.GetConnectionCommand({ Name: name, HidePassword: true }),
      {
        abortSignal: signal,
      },
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
  },
};

function dispatchSdk<O extends GlueOperation>(
  operation: O,
  input: GlueInput<O>,
  call: SdkCall,
): Promise<GlueOutput<O>> {
  const handler = SDK_HANDLERS[operation] as (
    input: GlueInput<O>,
    call: SdkCall,
  ) => Promise<GlueOutput<O>>;
  return handler(input, call);
}

/** The session a call is about, and the role CreateSession passes, for the translator's hints. */
function callContext(input: object): Omit<AwsCallContext, 'operation'> {
  const fields = input as { id?: unknown; sessionId?: unknown; role?: unknown };
  const sessionId = fields.sessionId ?? fields.id;
  return {
    ...(typeof sessionId === 'string' ? { sessionId } : {}),
    ...(typeof fields.role === 'string' ? { role: fields.role } : {}),
  };
}

/** CreateSession's SDK input from the domain request. */
export function createSessionInput(r: SessionRequest): CreateSessionRequest {
  return {
    Id: r.id,
    Role: r.role,
    Command: { Name: r.command.name, PythonVersion: r.command.pythonVersion },
    DefaultArguments: r.defaultArguments,
    GlueVersion: r.glueVersion,
    WorkerType: r.workerType as WorkerType | undefined,
    NumberOfWorkers: r.numberOfWorkers,
    MaxCapacity: r.maxCapacity,
    IdleTimeout: r.idleTimeout,
    Timeout: r.timeout,
    SecurityConfiguration: r.securityConfiguration,
    Connections: r.connections ? { Connections: r.connections } : undefined,
    Tags: r.tags,
    RequestOrigin: r.requestOrigin,
    Description: r.description,
  };
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
