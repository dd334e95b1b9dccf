import type {
  ConnectionInfo,
  ListSessionsQuery,
  SessionInfo,
  SessionPage,
  SessionRequest,
  StatementInfo,
} from '../glue-types.js';

/**
 * The Glue operations the kernel calls, declared once: operation name → domain input and output
 * (camelCase; the AWS PascalCase shapes live only in the SDK gateway). Every gateway — the SDK
 * one, the credential-retrying view of AwsAccess, the test doubles — is one `send` over this map,
 * in the style of the AWS SDK's `client.send(new XCommand(input))`. Adding an operation is one
 * row here, its SDK mapping in sdk-glue-gateway.ts and its behaviour in the in-memory gateway
 * (docs/architecture.md, "Where to add …").
 */
export interface GlueOperations {
  CreateSession: { input: SessionRequest; output: SessionInfo };
  GetSession: { input: { id: string }; output: SessionInfo };
  ListSessions: { input: ListSessionsQuery; output: SessionPage };
  StopSession: { input: { id: string }; output: void };
  DeleteSession: { input: { id: string }; output: void };
  /** Output: the new statement's id. */
  RunStatement: { input: { sessionId: string; code: string }; output: number };
  GetStatement: { input: { sessionId: string; statementId: number }; output: StatementInfo };
  CancelStatement: { input: { sessionId: string; statementId: number }; output: void };
  GetTags: { input: { resourceArn: string }; output: Record<string, string> };
  TagResource: { input: { resourceArn: string; tags: Record<string, string> }; output: void };
  GetConnection: { input: { name: string }; output: ConnectionInfo };
}

export type GlueOperation = keyof GlueOperations;
export type GlueInput<O extends GlueOperation> = GlueOperations[O]['input'];
export type GlueOutput<O extends GlueOperation> = GlueOperations[O]['output'];

/** How each operation is carried out, one function per row of the map (for implementations). */
export type GlueHandlers = {
  [O in GlueOperation]: (input: GlueInput<O>, signal?: AbortSignal) => Promise<GlueOutput<O>>;
};

/**
 * The Glue interactive-sessions API in domain terms. Implementations throw only KernelErrors
 * (translated once, by the AWS error `name`, with a user-facing hint). One gateway is bound to one
 * set of credentials, region and endpoint: it is rebuilt, never mutated, when those change.
 */
export interface GlueGateway {
  send<O extends GlueOperation>(
    operation: O,
    input: GlueInput<O>,
    signal?: AbortSignal,
  ): Promise<GlueOutput<O>>;
  /**
   * The gateway will not be used again (its target changed): release its connections once the
   * calls in flight have settled. Optional: gateways that hold no connections need not have it.
   */
  close?(): void;
}

/** Dispatches `send` to the handler of the operation (TypeScript cannot narrow this on its own). */
export function dispatch<O extends GlueOperation>(
  handlers: GlueHandlers,
  operation: O,
  input: GlueInput<O>,
  signal?: AbortSignal,
): Promise<GlueOutput<O>> {
  const handler = handlers[operation] as (
    input: GlueInput<O>,
    signal?: AbortSignal,
  ) => Promise<GlueOutput<O>>;
  return handler(input, signal);
}
