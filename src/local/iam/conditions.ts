/**
 * IAM condition operators. A Condition block holds when every operator holds; an operator holds
 * when every key holds; a key holds when any of its policy values matches. Missing keys follow the
 * documented rule: false, except negated operators (true), `...IfExists` (true), `ForAllValues`
 * (true), `ForAnyValue` (false) and `Null`, which tests presence itself.
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionContext } from '../local-types.js';
import { arnMatches, unescapeLiterals, wildcardMatch } from './matching.js';
import { contextStrings, expandPolicyVariables, lookupContext } from './policy-variables.js';

export type ConditionValue = string | number | boolean;
/** Operator → condition key → value(s). */
export type ConditionBlock = Record<string, Record<string, ConditionValue | ConditionValue[]>>;

/** How one context value compares with one policy value (before negation). */
type Comparator = (contextValue: string, policyValue: string) => boolean;

interface BaseOperator {
  compare: Comparator;
  negated: boolean;
  /** String and ARN operators accept policy variables; the others compare literally. */
  variables: boolean;
  /** Wildcard operators keep `*`/`?` from variables literal. */
  pattern: boolean;
}

export interface ConditionOperator {
  name: string;
  base: string;
  set?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
}

const stringEquals: Comparator = (c, p) => c === unescapeLiterals(p);
const stringEqualsIgnoreCase: Comparator = (c, p) =>
  c.toLowerCase() === unescapeLiterals(p).toLowerCase();
const stringLike: Comparator = (c, p) => wildcardMatch(p, c, false);
const arnLike: Comparator = (c, p) => arnMatches(p, c);

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Dates are ISO 8601 or epoch seconds, in policies and in the context alike. */
function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

function numeric(test: (c: number, p: number) => boolean): Comparator {
  return (c, p) => {
    const cn = parseNumber(c);
    const pn = parseNumber(p);
    return cn !== undefined && pn !== undefined && test(cn, pn);
  };
}

function dated(test: (c: number, p: number) => boolean): Comparator {
  return (c, p) => {
    const cd = parseDate(c);
    const pd = parseDate(p);
    return cd !== undefined && pd !== undefined && test(cd, pd);
  };
}

const ipInRange: Comparator = (c, p) => {
  const family = isIP(c);
  if (family === 0) return false;
  const [address = '', prefixText] = p.split('/');
  const rangeFamily = isIP(address);
  if (rangeFamily === 0 || rangeFamily !== family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  if (prefixText === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(prefixText), type);
  return list.check(c, type);
};

const boolEquals: Comparator = (c, p) => c.toLowerCase() === p.toLowerCase();
const binaryEquals: Comparator = (c, p) => c === p;

function op(
  compare: Comparator,
  negated: boolean,
  variables = false,
  pattern = false,
): BaseOperator {
  return { compare, negated, variables, pattern };
}

const BASE_OPERATORS: Record<string, BaseOperator> = {
  StringEquals: op(stringEquals, false, true),
  StringNotEquals: op(stringEquals, true, true),
  StringEqualsIgnoreCase: op(stringEqualsIgnoreCase, false, true),
  StringNotEqualsIgnoreCase: op(stringEqualsIgnoreCase, true, true),
  StringLike: op(stringLike, false, true, true),
  StringNotLike: op(stringLike, true, true, true),
  NumericEquals: op(
    numeric((c, p) => c === p),
    false,
  ),
  NumericNotEquals: op(
    numeric((c, p) => c === p),
    true,
  ),
  NumericLessThan: op(
    numeric((c, p) => c < p),
    false,
  ),
  NumericLessThanEquals: op(
    numeric((c, p) => c <= p),
    false,
  ),
  NumericGreaterThan: op(
    numeric((c, p) => c > p),
    false,
  ),
  NumericGreaterThanEquals: op(
    numeric((c, p) => c >= p),
    false,
  ),
  DateEquals: op(
    dated((c, p) => c === p),
    false,
  ),
  DateNotEquals: op(
    dated((c, p) => c === p),
    true,
  ),
  DateLessThan: op(
    dated((c, p) => c < p),
    false,
  ),
  DateLessThanEquals: op(
    dated((c, p) => c <= p),
    false,
  ),
  DateGreaterThan: op(
    dated((c, p) => c > p),
    false,
  ),
  DateGreaterThanEquals: op(
    dated((c, p) => c >= p),
    false,
  ),
  Bool: op(boolEquals, false),
  BinaryEquals: op(binaryEquals, false),
  IpAddress: op(ipInRange, false),
  NotIpAddress: op(ipInRange, true),
  ArnEquals: op(arnLike, false, true, true),
  ArnLike: op(arnLike, false, true, true),
  ArnNotEquals: op(arnLike, true, true, true),
  ArnNotLike: op(arnLike, true, true, true),
};

/** Splits `ForAnyValue:StringNotEqualsIfExists` into its parts; undefined when unknown. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  const match = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/.exec(name);
  if (!match) return undefined;
  const base = match[2] ?? '';
  const ifExists = match[3] !== undefined;
  if (base === 'Null') return ifExists ? undefined : { name, base, ifExists, set: asSet(match[1]) };
  if (!BASE_OPERATORS[base]) return undefined;
  return { name, base, ifExists, set: asSet(match[1]) };
}

function asSet(text: string | undefined): ConditionOperator['set'] {
  return text === 'ForAnyValue' || text === 'ForAllValues' ? text : undefined;
}

function nullHolds(present: boolean, policyValues: ConditionValue[]): boolean {
  return policyValues.some((value) => (String(value).toLowerCase() === 'true') === !present);
}

/** Evaluates one operator for one key. */
export function conditionKeyHolds(
  operator: ConditionOperator,
  key: string,
  rawPolicyValues: ConditionValue | ConditionValue[],
  context: ConditionContext,
): boolean {
  const policyValues = Array.isArray(rawPolicyValues) ? rawPolicyValues : [rawPolicyValues];
  const contextValues = contextStrings(lookupContext(context, key));
  const present = contextValues.length > 0;
  if (operator.base === 'Null') return nullHolds(present, policyValues);
  const base = BASE_OPERATORS[operator.base];
  if (!base) return false;

  if (!present) {
    if (operator.ifExists || operator.set === 'ForAllValues') return true;
    if (operator.set === 'ForAnyValue') return false;
    return base.negated;
  }

  // Unresolvable policy variables make that value match nothing.
  const expanded = policyValues
    .map((value) =>
      base.variables ? expandPolicyVariables(String(value), context, base.pattern) : String(value),
    )
    .filter((value): value is string => value !== undefined);
  const matchesAny = (contextValue: string): boolean =>
    expanded.some((policyValue) => base.compare(contextValue, policyValue));

  if (operator.set === 'ForAllValues') {
    return contextValues.every((value) => (base.negated ? !matchesAny(value) : matchesAny(value)));
  }
  if (operator.set === 'ForAnyValue') {
    return contextValues.some((value) => (base.negated ? !matchesAny(value) : matchesAny(value)));
  }
  const positive = contextValues.some(matchesAny);
  return base.negated ? !positive : positive;
}

/** True when every operator and key of the block holds (an absent block always holds). */
export function conditionBlockHolds(
  block: ConditionBlock | undefined,
  context: ConditionContext,
): boolean {
  if (!block) return true;
  for (const [operatorName, keys] of Object.entries(block)) {
    const operator = parseConditionOperator(operatorName);
    if (!operator) return false;
    for (const [key, values] of Object.entries(keys)) {
      if (!conditionKeyHolds(operator, key, values, context)) return false;
    }
  }
  return true;
}
