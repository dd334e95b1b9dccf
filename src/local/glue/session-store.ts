import type { LocalSession } from './local-session.js';

const SESSION_ARN = /^arn:aws[^:]*:glue:([^:]+):([0-9]+):session\/(.+)$/;

/** Session ARN as Glue builds it (partition by region, like the official kernel). */
export function sessionArn(region: string, accountId: string, id: string): string {
  const partition = region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  return `arn:${partition}:glue:${region}:${accountId}:session/${id}`;
}

export function parseSessionArn(
  arn: string,
): { region: string; accountId: string; id: string } | undefined {
  const match = SESSION_ARN.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, id: match[3]! };
}

/** Where the store keeps its sessions between runs (SessionRecordsFile); absent: memory only. */
export interface SessionPersistence {
  save(sessions: LocalSession[]): void;
}

/** Sessions, scoped per account and region as in AWS; each scope keeps creation order. */
export class SessionStore {
  private readonly scopes = new Map<string, Map<string, LocalSession>>();

  constructor(private readonly persistence?: SessionPersistence) {}

  /** Saves what changed since the last save (after each Glue call and each status change). */
  persist(): void {
    this.persistence?.save(this.all());
  }

  get(accountId: string, region: string, id: string): LocalSession | undefined {
    return this.scopes.get(scopeKey(accountId, region))?.get(id);
  }

  add(session: LocalSession): void {
    const key = scopeKey(session.spec.accountId, session.spec.region);
    let scope = this.scopes.get(key);
    if (!scope) this.scopes.set(key, (scope = new Map()));
    scope.set(session.spec.id, session);
    session.onChange(() => this.persist());
    this.persist();
  }

  remove(session: LocalSession): void {
    this.scopes.get(scopeKey(session.spec.accountId, session.spec.region))?.delete(session.spec.id);
    this.persist();
  }

  /** In creation order. */
  list(accountId: string, region: string): LocalSession[] {
    return [...(this.scopes.get(scopeKey(accountId, region))?.values() ?? [])];
  }

  all(): LocalSession[] {
    return [...this.scopes.values()].flatMap((scope) => [...scope.values()]);
  }
}

function scopeKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}
