/**
 * The IAM policy grammar (AWS's JSON shapes, PascalCase as IAM writes them) and its validation.
 * Validation rejects what AWS would reject at PutRolePolicy time, naming the bad field's path.
 */
import { parseConditionOperator, type ConditionBlock } from './conditions.js';

export type StringOrList = string | string[];
export type PrincipalBlock =
  '*' | { AWS?: StringOrList; Service?: StringOrList; Federated?: StringOrList };

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** A bad policy or account file: `path` locates the field, e.g. `users[0].policies[1].Statement[0].Effect`. */
export class PolicyValidationError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'PolicyValidationError';
  }
}

export function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  return Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
}

export function listOf(value: StringOrList | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStringOrList(value: unknown, path: string): void {
  if (typeof value === 'string') return;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string'))
    return;
  throw new PolicyValidationError(path, 'must be a string or a non-empty list of strings');
}

function checkPrincipal(value: unknown, path: string): void {
  if (value === '*') return;
  if (!isRecord(value))
    throw new PolicyValidationError(path, 'must be "*" or an object such as {"AWS": "arn:..."}');
  for (const [kind, names] of Object.entries(value)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(kind)) {
      throw new PolicyValidationError(
        `${path}.${kind}`,
        'unknown principal type (use AWS, Service or Federated)',
      );
    }
    checkStringOrList(names, `${path}.${kind}`);
  }
}

function checkCondition(value: unknown, path: string): void {
  if (!isRecord(value))
    throw new PolicyValidationError(path, 'must be an object of operator → {key: value(s)}');
  for (const [operator, keys] of Object.entries(value)) {
    if (!parseConditionOperator(operator)) {
      throw new PolicyValidationError(`${path}.${operator}`, 'unknown condition operator');
    }
    if (!isRecord(keys))
      throw new PolicyValidationError(`${path}.${operator}`, 'must be an object of key → value(s)');
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
        throw new PolicyValidationError(
          `${path}.${operator}.${key}`,
          'values must be strings, numbers or booleans',
        );
      }
    }
  }
}

function checkStatement(value: unknown, path: string, kind: 'identity' | 'trust'): void {
  if (!isRecord(value)) throw new PolicyValidationError(path, 'a statement must be an object');
  for (const field of Object.keys(value)) {
    if (!STATEMENT_FIELDS.has(field))
      throw new PolicyValidationError(`${path}.${field}`, 'unknown statement field');
  }
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
    throw new PolicyValidationError(
      `${path}.Effect`,
      `must be "Allow" or "Deny" (got ${JSON.stringify(value.Effect)})`,
    );
  }
  if (value.Sid !== undefined && typeof value.Sid !== 'string') {
    throw new PolicyValidationError(`${path}.Sid`, 'must be a string');
  }
  exactlyOne(value, 'Action', 'NotAction', path, true);
  exactlyOne(value, 'Resource', 'NotResource', path, kind === 'identity');
  if (kind === 'identity' && (value.Principal !== undefined || value.NotPrincipal !== undefined)) {
    throw new PolicyValidationError(
      `${path}.Principal`,
      'identity-based policies cannot name a Principal',
    );
  }
  if (kind === 'trust') exactlyOne(value, 'Principal', 'NotPrincipal', path, true);
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (value[field] !== undefined) checkStringOrList(value[field], `${path}.${field}`);
  }
  for (const field of ['Principal', 'NotPrincipal'] as const) {
    if (value[field] !== undefined) checkPrincipal(value[field], `${path}.${field}`);
  }
  if (value.Condition !== undefined) checkCondition(value.Condition, `${path}.Condition`);
}

function exactlyOne(
  value: Record<string, unknown>,
  a: string,
  b: string,
  path: string,
  required: boolean,
): void {
  if (value[a] !== undefined && value[b] !== undefined) {
    throw new PolicyValidationError(`${path}.${b}`, `a statement cannot have both ${a} and ${b}`);
  }
  if (required && value[a] === undefined && value[b] === undefined) {
    throw new PolicyValidationError(`${path}.${a}`, `is required (or ${b})`);
  }
}

/** Checks a policy document; returns it typed, or throws PolicyValidationError naming the field. */
export function validatePolicyDocument(
  value: unknown,
  path: string,
  kind: 'identity' | 'trust' = 'identity',
): PolicyDocument {
  if (!isRecord(value))
    throw new PolicyValidationError(path, 'a policy document must be a JSON object');
  for (const field of Object.keys(value)) {
    if (!['Version', 'Id', 'Statement'].includes(field)) {
      throw new PolicyValidationError(
        `${path}.${field}`,
        'unknown policy field (expected Version, Id, Statement)',
      );
    }
  }
  if (
    value.Version !== undefined &&
    value.Version !== '2012-10-17' &&
    value.Version !== '2008-10-17'
  ) {
    throw new PolicyValidationError(
      `${path}.Version`,
      'must be "2012-10-17" (or the legacy "2008-10-17")',
    );
  }
  const statement = value.Statement;
  if (statement === undefined) throw new PolicyValidationError(`${path}.Statement`, 'is required');
  if (Array.isArray(statement)) {
    if (statement.length === 0)
      throw new PolicyValidationError(`${path}.Statement`, 'must not be empty');
    statement.forEach((item, index) => checkStatement(item, `${path}.Statement[${index}]`, kind));
  } else {
    checkStatement(statement, `${path}.Statement`, kind);
  }
  return value as unknown as PolicyDocument;
}
