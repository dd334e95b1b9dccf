import { ID_RULE, type GlueOperation } from './glue-call.js';
import { glueErrors } from './glue-errors.js';
import { sessionShape } from './glue-shapes.js';
import type { LocalSession } from './local-session.js';

const DEFAULT_PAGE_SIZE = 100;

export const getSession: GlueOperation = (input, call) => {
  const id = input.string('Id', ID_RULE)!;
  input.finish();
  return { Session: sessionShape(call.authorizeOnSession('GetSession', id)) };
};

export const stopSession: GlueOperation = (input, call) => {
  const id = input.string('Id', ID_RULE)!;
  input.finish();
  call.authorizeOnSession('StopSession', id).stop();
  return { Id: id };
};

export const deleteSession: GlueOperation = async (input, call) => {
  const id = input.string('Id', ID_RULE)!;
  input.finish();
  const session = call.authorizeOnSession('DeleteSession', id);
  call.deps.store.remove(session); // its tags go with it
  await session.dispose();
  return { Id: id };
};

/** Opaque to clients: the position of the next session in creation order. */
function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) return value.o;
  } catch {
    // fall through
  }
  throw glueErrors.invalidInput(
    'Invalid NextToken; pass the NextToken of a previous ListSessions.',
  );
}

function hasAllTags(session: LocalSession, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => session.tags.get(key) === value);
}

/** Every given tag must match (AND), and filtering happens before pagination. */
export const listSessions: GlueOperation = (input, call) => {
  const token = input.string('NextToken');
  const maxResults = input.number('MaxResults', { integer: true });
  const tags = input.stringMap('Tags');
  input.finish();
  call.authorize('glue:ListSessions', '*');
  const matching = call.deps.store
    .list(call.accountId, call.region)
    .filter((session) => hasAllTags(session, tags ?? {}));
  const start = token ? decodeToken(token) : 0;
  const end = start + (maxResults ?? DEFAULT_PAGE_SIZE);
  const page = matching.slice(start, end);
  return {
    Ids: page.map((s) => s.spec.id),
    Sessions: page.map(sessionShape),
    ...(end < matching.length ? { NextToken: encodeToken(end) } : {}),
  };
};
