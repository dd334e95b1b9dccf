import type { Authenticated, ConditionContext, IdentityPlane } from '../local-types.js';
import type { Clock } from '../../util/clock.js';
import type { CatalogStore } from './catalog/catalog-store.js';
import { glueErrors } from './glue-errors.js';
import type { LifecycleSettings, LocalSession, WorkerLauncher } from './local-session.js';
import type { RequestReader } from './request-reader.js';
import { SessionStore, sessionArn } from './session-store.js';

/** What every Glue operation works with. */
export interface GlueDeps {
  store: SessionStore;
  plane: IdentityPlane;
  launcher: WorkerLauncher;
  clock: Clock;
  lifecycle: LifecycleSettings;
  catalog: CatalogStore;
}

/** One authenticated call: the caller's account and the region of its SigV4 scope. */
export class GlueCall {
  readonly accountId: string;
  readonly region: string;

  constructor(
    readonly caller: Authenticated,
    readonly deps: GlueDeps,
  ) {
    this.accountId = caller.principal.accountId;
    this.region = caller.region;
  }

  sessionArn(id: string): string {
    return sessionArn(this.region, this.accountId, id);
  }

  /** Throws AccessDeniedException with IAM's wording when the policies do not allow it. */
  authorize(action: string, resource: string, context: ConditionContext = {}): void {
    const decision = this.deps.plane.authorize(this.caller.principal, action, resource, context);
    if (!decision.allowed) throw glueErrors.accessDenied(decision.message);
  }

  /** The caller's session, or EntityNotFoundException as Glue words it. */
  session(id: string): LocalSession {
    const session = this.deps.store.get(this.accountId, this.region, id);
    if (!session) throw glueErrors.entityNotFound(`Session ${id} not found.`);
    return session;
  }

  /** Authorizes `glue:<action>` on an existing session, with its tags as aws:ResourceTag/*. */
  authorizeOnSession(action: string, id: string): LocalSession {
    const session = this.deps.store.get(this.accountId, this.region, id);
    this.authorize(`glue:${action}`, this.sessionArn(id), session ? resourceTags(session) : {});
    if (!session) throw glueErrors.entityNotFound(`Session ${id} not found.`);
    return session;
  }
}

export function resourceTags(session: LocalSession): ConditionContext {
  const context: ConditionContext = {};
  for (const [key, value] of session.tags) context[`aws:ResourceTag/${key}`] = value;
  return context;
}

export function requestTags(tags: Record<string, string>): ConditionContext {
  const context: ConditionContext = {};
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  const keys = Object.keys(tags);
  if (keys.length > 0) context['aws:TagKeys'] = keys;
  return context;
}

/** A Glue operation: reads its input, returns the response body. */
export type GlueOperation = (input: RequestReader, call: GlueCall) => unknown;

/** Id / SessionId (its length and characters are the model's NameString, checked before). */
export const ID_RULE = { required: true };

/** The `aws:` prefix is reserved for AWS's own tags: Glue refuses it in a request. */
export function refuseReservedTagKeys(keys: string[]): void {
  const reserved = keys.find((key) => key.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) {
    throw glueErrors.invalidInput(
      `Tag key '${reserved.slice(0, 128)}' is reserved: keys beginning with 'aws:' are for AWS's own use.`,
    );
  }
}
