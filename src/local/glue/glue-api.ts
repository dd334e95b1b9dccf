import type { Authenticated } from '../local-types.js';
import { validateGlueRequest } from '../model/validate-request.js';
import { CATALOG_OPERATIONS, catalogValidation } from './catalog/catalog-operations.js';
import { getConnection, getConnections } from './connection-operations.js';
import { createSession } from './create-session.js';
import { GlueCall, type GlueDeps, type GlueOperation } from './glue-call.js';
import { glueErrors } from './glue-errors.js';
import { RequestReader } from './request-reader.js';
import { deleteSession, getSession, listSessions, stopSession } from './session-operations.js';
import {
  cancelStatement,
  getStatement,
  listStatements,
  runStatement,
} from './statement-operations.js';
import { getTags, tagResource, untagResource } from './tag-operations.js';

const OPERATIONS: Record<string, GlueOperation> = {
  CreateSession: createSession,
  GetSession: getSession,
  ListSessions: listSessions,
  StopSession: stopSession,
  DeleteSession: deleteSession,
  RunStatement: runStatement,
  GetStatement: getStatement,
  ListStatements: listStatements,
  CancelStatement: cancelStatement,
  GetTags: getTags,
  TagResource: tagResource,
  UntagResource: untagResource,
  GetConnection: getConnection,
  GetConnections: getConnections,
  ...CATALOG_OPERATIONS,
};

/** The Glue JSON 1.1 API of the local endpoint: operation name + parsed body → response body. */
export class GlueApi {
  constructor(readonly deps: GlueDeps) {}

  static readonly operations = Object.keys(OPERATIONS);

  async handle(operation: string, body: unknown, caller: Authenticated): Promise<unknown> {
    const run = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!run) {
      throw glueErrors.unknownOperation(
        `Operation ${operation} is not supported by the local Glue endpoint; supported: ${GlueApi.operations.join(', ')}.`,
      );
    }
    // Every request member is checked against the published model first, as AWS does.
    catalogValidation(operation, () => validateGlueRequest(operation, body));
    try {
      return await run(RequestReader.of(body), new GlueCall(caller, this.deps));
    } finally {
      this.deps.store.persist(); // e.g. TagResource changed a session's tags
    }
  }

  /** Stops every session's worker (endpoint shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.deps.store.all().map((session) => session.dispose()));
  }
}
