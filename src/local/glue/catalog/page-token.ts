/**
 * Pagination of the catalog's listings as AWS does it: NextToken is opaque to clients; here it
 * names the last key returned, so a page continues after it even when objects were added or
 * removed in between. A token that is not one of ours (or belongs to another operation) is
 * refused with InvalidInputException.
 */
import { glueErrors } from '../glue-errors.js';

interface TokenContent {
  o: string;
  a: string;
}

export function encodePageToken(operation: string, after: string): string {
  const content: TokenContent = { o: operation, a: after };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/** The key after which the page starts. */
export function decodePageToken(operation: string, token: string): string {
  try {
    const content = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenContent;
    if (content.o === operation && typeof content.a === 'string') return content.a;
  } catch {
    // not ours: answered below
  }
  throw glueErrors.invalidInput(
    `Invalid NextToken: pass the NextToken of the previous ${operation} response unchanged.`,
  );
}

export interface Page {
  keys: string[];
  /** Set when more matching keys follow. */
  nextToken?: string;
}

/** The first index of `sorted` (ascending) whose key is after `after`. */
function firstAfter(sorted: string[], after: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Up to `max` keys of `sorted` that `accept`, starting after the token's key; a NextToken when at
 * least one more accepted key follows.
 */
export function takePage(
  operation: string,
  sorted: string[],
  token: string | undefined,
  max: number,
  accept: (key: string) => boolean = () => true,
): Page {
  const start = token === undefined ? 0 : firstAfter(sorted, decodePageToken(operation, token));
  const keys: string[] = [];
  for (let i = start; i < sorted.length; i++) {
    const key = sorted[i]!;
    if (!accept(key)) continue;
    if (keys.length === max) return { keys, nextToken: encodePageToken(operation, keys.at(-1)!) };
    keys.push(key);
  }
  return { keys };
}
