/**
 * Policy variables (`${aws:userid}`, `${aws:PrincipalTag/team}`, `${aws:username, 'anonymous'}`,
 * and the literal escapes `${*}`, `${?}`, `${$}`) resolved against the request context, plus the
 * case-insensitive context-key lookup IAM uses for condition keys.
 */
import type { ConditionContext } from '../local-types.js';
import { LITERAL_QUESTION, LITERAL_STAR } from './matching.js';

export type ContextValue = ConditionContext[string];

/** Condition key names are case-insensitive in IAM (`aws:UserId` is `aws:userid`). */
export function lookupContext(context: ConditionContext, key: string): ContextValue {
  if (Object.prototype.hasOwnProperty.call(context, key)) return context[key];
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** A context value as the strings IAM compares; empty list when absent. */
export function contextStrings(value: ContextValue): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Replaces the variables in `text`. Returns undefined when a variable has no value and no
 * default: AWS then treats the element as not matching. With `forPattern`, `*` and `?` that
 * come from values stay literal instead of acting as wildcards.
 */
export function expandPolicyVariables(
  text: string,
  context: ConditionContext,
  forPattern: boolean,
): string | undefined {
  if (!text.includes('${')) return text;
  let unresolved = false;
  const expanded = text.replace(VARIABLE, (_match, inner: string) => {
    const resolved = resolveVariable(inner, context);
    if (resolved === undefined) {
      unresolved = true;
      return '';
    }
    return forPattern
      ? resolved.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION)
      : resolved;
  });
  return unresolved ? undefined : expanded;
}

function resolveVariable(inner: string, context: ConditionContext): string | undefined {
  const trimmed = inner.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return trimmed;
  const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(trimmed);
  const key = withDefault ? (withDefault[1] ?? '') : trimmed;
  const values = contextStrings(lookupContext(context, key));
  // A multi-valued key cannot stand in a single string; AWS leaves such a variable unresolved.
  if (values.length === 1) return values[0];
  return withDefault ? withDefault[2] : undefined;
}
