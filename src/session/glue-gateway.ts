import type {
  ConnectionInfo,
  ListSessionsQuery,
  SessionInfo,
  SessionPage,
  SessionRequest,
  StatementInfo,
} from './glue-types.js';

/**
 * The Glue interactive-sessions API in domain terms. Implementations throw only KernelErrors
 * (translated once, by the AWS error `name`, with a user-facing hint). One gateway is bound to one
 * set of credentials, region and endpoint: it is rebuilt, never mutated, when those change.
 */
export interface GlueGateway {
  createSession(request: SessionRequest, signal?: AbortSignal): Promise<SessionInfo>;
  getSession(id: string, signal?: AbortSignal): Promise<SessionInfo>;
  listSessions(query: ListSessionsQuery, signal?: AbortSignal): Promise<SessionPage>;
  stopSession(id: string, signal?: AbortSignal): Promise<void>;
  deleteSession(id: string, signal?: AbortSignal): Promise<void>;
  runStatement(sessionId: string, code: string, signal?: AbortSignal): Promise<number>;
  getStatement(
    sessionId: string,
    statementId: number,
    signal?: AbortSignal,
  ): Promise<StatementInfo>;
  cancelStatement(sessionId: string, statementId: number, signal?: AbortSignal): Promise<void>;
  getTags(resourceArn: string, signal?: AbortSignal): Promise<Record<string, string>>;
  tagResource(
    resourceArn: string,
    tags: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<void>;
  getConnection(name: string, signal?: AbortSignal): Promise<ConnectionInfo>;
  /**
   * The gateway will not be used again (its target changed): release its connections once the
   * calls in flight have settled. Optional: gateways that hold no connections need not have it.
   */
  close?(): void;
}
