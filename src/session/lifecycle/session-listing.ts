import type { GlueGateway } from '../aws/glue-gateway.js';
import type { SessionInfo } from '../glue-types.js';

/**
 * ListSessions across pages with a tag filter and a maximum. The service filters by tag; with
 * several pairs each hit is re-checked as AND through GetTags, because some emulators OR them.
 */
export interface ListingQuery {
  tags?: Record<string, string>;
  max?: number;
}

export async function listSessionsPaged(
  gateway: GlueGateway,
  query: ListingQuery,
  arnOf: (id: string) => Promise<string>,
  signal?: AbortSignal,
): Promise<SessionInfo[]> {
  const max = query.max ?? Number.POSITIVE_INFINITY;
  const wanted = Object.entries(query.tags ?? {});
  const hasTags = async (id: string): Promise<boolean> => {
    try {
      const tags = await gateway.send('GetTags', { resourceArn: await arnOf(id) }, signal);
      return wanted.every(([k, v]) => tags[k] === v);
    } catch {
      return true; // the service already filtered; do not drop a session we cannot double-check
    }
  };
  const found: SessionInfo[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 1000 && found.length < max; page++) {
    const result = await gateway.send(
      'ListSessions',
      { tags: query.tags, maxResults: 100, nextToken },
      signal,
    );
    for (const s of result.sessions) {
      if (found.length >= max) break;
      if (wanted.length > 1 && !(await hasTags(s.id))) continue;
      found.push(s);
    }
    nextToken = result.nextToken;
    if (!nextToken) break;
  }
  return found;
}
