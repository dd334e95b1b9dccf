/**
 * Wildcard and ARN matching as IAM does it: `*` matches any run of characters (including none),
 * `?` exactly one; actions compare case-insensitively, resources and ARNs case-sensitively.
 */

/**
 * Stand-ins for a literal `*` / `?` that came from a policy variable (`${*}`, or a user id that
 * contains one): they must not act as wildcards. Private-use code points never occur in ARNs.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

const compiled = new Map<string, RegExp>();

/** Compiles an IAM wildcard pattern to an anchored regular expression (cached: policies repeat). */
function wildcardRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === LITERAL_STAR) source += '\\*';
    else if (ch === LITERAL_QUESTION) source += '\\?';
    else source += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  const regExp = new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su');
  if (compiled.size > 5000) compiled.clear();
  compiled.set(cacheKey, regExp);
  return regExp;
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const literal = unescapeLiterals(pattern);
    return ignoreCase ? literal.toLowerCase() === value.toLowerCase() : literal === value;
  }
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

/** `glue:Get*` against `glue:GetSession`: the service prefix and action name ignore case. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** Resource patterns match the whole ARN, case-sensitively. */
export function resourceMatches(pattern: string, resource: string): boolean {
  return wildcardMatch(pattern, resource, false);
}

/** The six colon-separated parts of an ARN; the resource part keeps any further colons. */
export function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * ArnEquals / ArnLike: each of the six parts is compared on its own, with wildcards allowed in
 * each (so `*` in the region never swallows the account).
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (!patternParts || !arnParts) return false;
  return patternParts.every((part, index) => wildcardMatch(part, arnParts[index] ?? '', false));
}

/** Turns literal stand-ins back into the characters, for exact comparisons. */
export function unescapeLiterals(text: string): string {
  return text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}
