/**
 * Parses and validates an accounts file (the JSON format of docs/local-accounts.md). Every
 * problem is reported with the path of the bad field; nothing is half-loaded.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConnectionDef, FaultSettings } from '../local-types.js';
import { AwsError } from '../local-types.js';
import { checkBucketName } from '../s3/object-keys.js';
import type { NamedPolicy } from '../iam/policy-evaluator.js';
import { PolicyValidationError, validatePolicyDocument } from '../iam/policy-document.js';
import {
  derivedUniqueId,
  roleArn,
  userArn,
  type AccessKeyPair,
  type AccountDef,
  type Accounts,
  type RoleEntry,
  type UserDef,
} from './account-model.js';

/** A bad accounts file. `path` locates the field, e.g. `accounts[1].roles[0].trustPolicy.Statement[0].Effect`. */
export class AccountsFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${path}: ${problem}`);
    this.name = 'AccountsFileError';
  }
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, path: string): Json {
  if (!isRecord(value)) throw new AccountsFileError(path, 'must be a JSON object');
  return value;
}

function knownFields(value: Json, allowed: string[], path: string): void {
  for (const field of Object.keys(value)) {
    if (!allowed.includes(field)) {
      throw new AccountsFileError(
        `${path}.${field}`,
        `unknown field (expected one of: ${allowed.join(', ')})`,
      );
    }
  }
}

function text(value: unknown, path: string, pattern?: RegExp, hint?: string): string {
  if (typeof value !== 'string' || value === '')
    throw new AccountsFileError(path, 'must be a non-empty string');
  if (pattern && !pattern.test(value)) {
    throw new AccountsFileError(
      path,
      `${JSON.stringify(value)} is not valid${hint ? ` (${hint})` : ''}`,
    );
  }
  return value;
}

function optionalText(
  value: unknown,
  path: string,
  pattern?: RegExp,
  hint?: string,
): string | undefined {
  return value === undefined ? undefined : text(value, path, pattern, hint);
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AccountsFileError(path, 'must be a list');
  return value;
}

function unique(names: string[], path: string, what: string): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name))
      throw new AccountsFileError(`${path}[${index}]`, `duplicate ${what} ${JSON.stringify(name)}`);
    seen.add(name);
  });
}

/** Policy errors keep their inner path, prefixed by where the document sits in the file. */
function policyDocument(
  value: unknown,
  path: string,
  kind: 'identity' | 'trust',
): NamedPolicy['document'] {
  try {
    return validatePolicyDocument(value, path, kind);
  } catch (error) {
    if (error instanceof PolicyValidationError)
      throw new AccountsFileError(error.path, error.problem);
    throw error;
  }
}

function parseNamedPolicies(value: unknown): Map<string, NamedPolicy> {
  const named = new Map<string, NamedPolicy>();
  if (value === undefined) return named;
  for (const [name, document] of Object.entries(record(value, 'policies'))) {
    named.set(name, { name, document: policyDocument(document, `policies.${name}`, 'identity') });
  }
  return named;
}

function policyRefs(value: unknown, path: string, named: Map<string, NamedPolicy>): NamedPolicy[] {
  return list(value, path).map((item, index) => {
    const itemPath = `${path}[${index}]`;
    if (typeof item === 'string') {
      const found = named.get(item);
      if (!found) {
        const known = [...named.keys()].join(', ') || 'none defined';
        throw new AccountsFileError(
          itemPath,
          `no policy named ${JSON.stringify(item)} in "policies" (known: ${known})`,
        );
      }
      return found;
    }
    const inline = record(item, itemPath);
    knownFields(inline, ['name', 'document'], itemPath);
    const name = text(inline.name, `${itemPath}.name`);
    return { name, document: policyDocument(inline.document, `${itemPath}.document`, 'identity') };
  });
}

const ACCOUNT_ID = /^\d{12}$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

function parseAccessKey(value: unknown, path: string): AccessKeyPair {
  const key = record(value, path);
  knownFields(key, ['accessKeyId', 'secretAccessKey'], path);
  return {
    accessKeyId: text(
      key.accessKeyId,
      `${path}.accessKeyId`,
      ACCESS_KEY_ID,
      '16-128 upper-case letters and digits',
    ),
    secretAccessKey: text(key.secretAccessKey, `${path}.secretAccessKey`),
  };
}

function parseUser(
  value: unknown,
  path: string,
  accountId: string,
  named: Map<string, NamedPolicy>,
): UserDef {
  const user = record(value, path);
  knownFields(user, ['name', 'userId', 'accessKeys', 'policies'], path);
  const name = text(user.name, `${path}.name`, IAM_NAME, 'letters, digits and +=,.@_- up to 64');
  const arn = userArn(accountId, name);
  return {
    name,
    accountId,
    arn,
    userId:
      optionalText(
        user.userId,
        `${path}.userId`,
        /^AIDA[A-Z0-9]{12,}$/,
        'AIDA followed by upper-case letters and digits',
      ) ?? derivedUniqueId('AIDA', arn),
    accessKeys: list(user.accessKeys, `${path}.accessKeys`).map((key, index) =>
      parseAccessKey(key, `${path}.accessKeys[${index}]`),
    ),
    policies: policyRefs(user.policies, `${path}.policies`, named),
  };
}

function parseRole(
  value: unknown,
  path: string,
  accountId: string,
  named: Map<string, NamedPolicy>,
): RoleEntry {
  const role = record(value, path);
  knownFields(
    role,
    ['name', 'path', 'roleId', 'maxSessionDuration', 'trustPolicy', 'policies'],
    path,
  );
  const name = text(role.name, `${path}.name`, IAM_NAME, 'letters, digits and +=,.@_- up to 64');
  const rolePath =
    optionalText(role.path, `${path}.path`, /^\/([\x21-\x7e]*\/)?$/, 'starts and ends with "/"') ??
    '/';
  const arn = roleArn(accountId, rolePath, name);
  const maxSessionDuration = role.maxSessionDuration ?? 3600;
  if (
    !Number.isInteger(maxSessionDuration) ||
    (maxSessionDuration as number) < 3600 ||
    (maxSessionDuration as number) > 43200
  ) {
    throw new AccountsFileError(
      `${path}.maxSessionDuration`,
      'must be a whole number of seconds from 3600 to 43200',
    );
  }
  if (role.trustPolicy === undefined) {
    throw new AccountsFileError(`${path}.trustPolicy`, 'is required (who may assume the role)');
  }
  return {
    arn,
    name,
    path: rolePath,
    accountId,
    roleId:
      optionalText(
        role.roleId,
        `${path}.roleId`,
        /^AROA[A-Z0-9]{12,}$/,
        'AROA followed by upper-case letters and digits',
      ) ?? derivedUniqueId('AROA', arn),
    maxSessionDurationSeconds: maxSessionDuration as number,
    trustPolicy: {
      name: `${name}-trust-policy`,
      document: policyDocument(role.trustPolicy, `${path}.trustPolicy`, 'trust'),
    },
    policies: policyRefs(role.policies, `${path}.policies`, named),
  };
}

function parseConnection(value: unknown, path: string, accountId: string): ConnectionDef {
  const connection = record(value, path);
  knownFields(
    connection,
    ['name', 'region', 'type', 'subnetId', 'vpcId', 'securityGroupIds', 'availabilityZone'],
    path,
  );
  const securityGroupIds = list(connection.securityGroupIds, `${path}.securityGroupIds`).map(
    (id, index) =>
      text(
        id,
        `${path}.securityGroupIds[${index}]`,
        /^sg-[0-9a-f]+$/,
        'sg- followed by hex digits',
      ),
  );
  return {
    name: text(
      connection.name,
      `${path}.name`,
      /^[^\s]{1,255}$/,
      'up to 255 characters, no spaces',
    ),
    accountId,
    region: text(
      connection.region,
      `${path}.region`,
      /^(\*|[a-z]{2}(-[a-z]+)+-\d)$/,
      'a region such as us-east-1, or "*" for every region',
    ),
    connectionType:
      optionalText(connection.type, `${path}.type`, /^[A-Z_]+$/, 'e.g. NETWORK') ?? 'NETWORK',
    subnetId: optionalText(
      connection.subnetId,
      `${path}.subnetId`,
      /^subnet-[0-9a-f]+$/,
      'subnet- followed by hex digits',
    ),
    vpcId: optionalText(
      connection.vpcId,
      `${path}.vpcId`,
      /^vpc-[0-9a-f]+$/,
      'vpc- followed by hex digits',
    ),
    securityGroupIds,
    availabilityZone: optionalText(connection.availabilityZone, `${path}.availabilityZone`),
  };
}

function parseAccount(value: unknown, path: string, named: Map<string, NamedPolicy>): AccountDef {
  const account = record(value, path);
  knownFields(account, ['id', 'connections', 'users', 'roles', 'catalog'], path);
  const id = text(account.id, `${path}.id`, ACCOUNT_ID, '12 digits');
  const parsed: AccountDef = {
    id,
    connections: list(account.connections, `${path}.connections`).map((c, i) =>
      parseConnection(c, `${path}.connections[${i}]`, id),
    ),
    users: list(account.users, `${path}.users`).map((u, i) =>
      parseUser(u, `${path}.users[${i}]`, id, named),
    ),
    roles: list(account.roles, `${path}.roles`).map((r, i) =>
      parseRole(r, `${path}.roles[${i}]`, id, named),
    ),
    // Checked against the Glue model when the endpoint seeds its catalog (catalog-seed.ts).
    catalog: account.catalog === undefined ? undefined : record(account.catalog, `${path}.catalog`),
  };
  unique(
    parsed.users.map((u) => u.name),
    `${path}.users`,
    'user',
  );
  unique(
    parsed.roles.map((r) => r.name),
    `${path}.roles`,
    'role',
  );
  unique(
    parsed.connections.map((c) => `${c.region}/${c.name}`),
    `${path}.connections`,
    'connection (region/name)',
  );
  return parsed;
}

function parseFaults(value: unknown): FaultSettings | undefined {
  if (value === undefined) return undefined;
  const faults = record(value, 'faults');
  const numbers: Record<string, [number, number]> = {
    throttleRate: [0, 1],
    serverErrorRate: [0, 1],
    addedLatencyMs: [0, 600_000],
    provisioningDelayMs: [0, 3_600_000],
    credentialLifetimeSeconds: [1, 43_200],
    timeScale: [Number.MIN_VALUE, 1_000],
  };
  knownFields(faults, [...Object.keys(numbers), 'sessionFailure'], 'faults');
  for (const [field, [min, max]] of Object.entries(numbers)) {
    const setting = faults[field];
    if (
      setting !== undefined &&
      (typeof setting !== 'number' || !(setting >= min && setting <= max))
    ) {
      throw new AccountsFileError(
        `faults.${field}`,
        `must be a number from ${min === Number.MIN_VALUE ? 'above 0' : min} to ${max}`,
      );
    }
  }
  if (faults.sessionFailure !== undefined) text(faults.sessionFailure, 'faults.sessionFailure');
  return faults as FaultSettings;
}

/** `"buckets": {"name": "folder"}`: folders relative to the accounts file, which must exist. */
function parseBuckets(value: unknown, source: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const buckets: Record<string, string> = {};
  for (const [name, folder] of Object.entries(record(value, 'buckets'))) {
    const path = `buckets.${name}`;
    try {
      checkBucketName(name);
    } catch (error) {
      if (error instanceof AwsError) throw new AccountsFileError(path, error.message);
      throw error;
    }
    const absolute = resolve(dirname(source), text(folder, path));
    if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
      throw new AccountsFileError(
        path,
        `folder ${absolute} does not exist (a path relative to the accounts file, or absolute)`,
      );
    }
    buckets[name] = absolute;
  }
  return buckets;
}

/** An access key id identifies one user across all accounts. */
function uniqueAccessKeys(accounts: AccountDef[]): void {
  const seen = new Set<string>();
  accounts.forEach((account, a) =>
    account.users.forEach((user, u) =>
      user.accessKeys.forEach((key, k) => {
        if (seen.has(key.accessKeyId)) {
          throw new AccountsFileError(
            `accounts[${a}].users[${u}].accessKeys[${k}].accessKeyId`,
            'duplicate access key id',
          );
        }
        seen.add(key.accessKeyId);
      }),
    ),
  );
}

/** Validates the parsed JSON of an accounts file and builds the account model. */
export function parseAccountsFile(value: unknown, source: string): Accounts {
  try {
    const root = record(value, '(top level)');
    knownFields(
      root,
      ['$schema', 'description', 'policies', 'accounts', 'faults', 'buckets'],
      '(top level)',
    );
    const named = parseNamedPolicies(root.policies);
    const accounts = list(root.accounts, 'accounts').map((a, i) =>
      parseAccount(a, `accounts[${i}]`, named),
    );
    if (accounts.length === 0)
      throw new AccountsFileError('accounts', 'at least one account is required');
    unique(
      accounts.map((a) => a.id),
      'accounts',
      'account id',
    );
    uniqueAccessKeys(accounts);
    const buckets = parseBuckets(root.buckets, source);
    return { accounts, faults: parseFaults(root.faults), ...(buckets ? { buckets } : {}), source };
  } catch (error) {
    if (error instanceof AccountsFileError)
      throw new AccountsFileError(error.path, error.problem, source);
    throw error;
  }
}
