/**
 * The accounts the local endpoint knows, after loading and validation: users with their keys,
 * roles with trust and permissions policies, and Glue connections. Ids that a file leaves out
 * (AIDA…/AROA…) are derived from the ARN so they are stable across restarts.
 */
import { createHash } from 'node:crypto';
import type { ConnectionDef, FaultSettings, Principal, RoleDef } from '../local-types.js';
import type { NamedPolicy } from '../iam/policy-evaluator.js';

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface UserDef {
  name: string;
  accountId: string;
  arn: string;
  /** aws:userid of the user: AIDA… */
  userId: string;
  accessKeys: AccessKeyPair[];
  policies: NamedPolicy[];
}

export interface RoleEntry extends RoleDef {
  path: string;
  trustPolicy: NamedPolicy;
  policies: NamedPolicy[];
}

export interface AccountDef {
  id: string;
  /** Connections; region "*" means the connection exists in every region. */
  connections: ConnectionDef[];
  users: UserDef[];
  roles: RoleEntry[];
  /** Databases and tables to seed the account's Data Catalog with (docs/local-accounts.md). */
  catalog?: Record<string, unknown>;
}

export interface Accounts {
  accounts: AccountDef[];
  faults?: FaultSettings;
  /** Buckets mapped to existing folders (absolute paths), docs/local-s3.md. */
  buckets?: Record<string, string>;
  /** Where the accounts came from, for messages ("built-in defaults" or a file path). */
  source: string;
}

/** An ARN-derived unique id shaped like IAM's (prefix + 17 upper-case base-32 characters). */
export function derivedUniqueId(prefix: 'AIDA' | 'AROA', arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let index = 0; index < 17; index += 1) id += alphabet[(digest[index] ?? 0) % 32];
  return id;
}

export function userArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:user/${name}`;
}

export function roleArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** Who a caller becomes by assuming `role` as `sessionName`. */
export function assumedRolePrincipal(role: RoleDef, sessionName: string): Principal {
  return {
    type: 'assumed-role',
    arn: assumedRoleArn(role.accountId, role.name, sessionName),
    accountId: role.accountId,
    userId: `${role.roleId}:${sessionName}`,
    roleArn: role.arn,
    sessionName,
    temporary: true,
  };
}
