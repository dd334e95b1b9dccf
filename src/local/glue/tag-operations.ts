import {
  refuseReservedTagKeys,
  requestTags,
  resourceTags,
  type GlueCall,
  type GlueOperation,
} from './glue-call.js';
import { glueErrors } from './glue-errors.js';
import type { LocalSession } from './local-session.js';
import type { RequestReader } from './request-reader.js';
import { parseSessionArn } from './session-store.js';

function readArn(input: RequestReader): string {
  return input.string('ResourceArn', { required: true })!;
}

/** Tags live on sessions, the only taggable resource of the local endpoint. */
function taggedSession(call: GlueCall, action: string, arn: string, extra = {}): LocalSession {
  const parsed = parseSessionArn(arn);
  const session =
    parsed && parsed.accountId === call.accountId && parsed.region === call.region
      ? call.deps.store.get(parsed.accountId, parsed.region, parsed.id)
      : undefined;
  call.authorize(`glue:${action}`, arn, { ...(session ? resourceTags(session) : {}), ...extra });
  if (!session) {
    throw glueErrors.entityNotFound(
      `Resource ${arn} not found (the local endpoint tags sessions of account ${call.accountId} in ${call.region}).`,
    );
  }
  return session;
}

export const getTags: GlueOperation = (input, call) => {
  const arn = readArn(input);
  input.finish();
  return { Tags: Object.fromEntries(taggedSession(call, 'GetTags', arn).tags) };
};

export const tagResource: GlueOperation = (input, call) => {
  const arn = readArn(input);
  const tags = input.stringMap('TagsToAdd', { required: true });
  refuseReservedTagKeys(Object.keys(tags ?? {}));
  input.finish();
  const session = taggedSession(call, 'TagResource', arn, requestTags(tags ?? {}));
  const merged = new Set([...session.tags.keys(), ...Object.keys(tags ?? {})]);
  if (merged.size > 50) {
    throw glueErrors.invalidInput(
      `A resource can have at most 50 tags; this would make ${merged.size}.`,
    );
  }
  for (const [key, value] of Object.entries(tags ?? {})) session.tags.set(key, value);
  return {};
};

export const untagResource: GlueOperation = (input, call) => {
  const arn = readArn(input);
  const keys = input.stringList('TagsToRemove', true) ?? [];
  input.finish();
  const session = taggedSession(call, 'UntagResource', arn, { 'aws:TagKeys': keys });
  for (const key of keys) session.tags.delete(key);
  return {};
};
