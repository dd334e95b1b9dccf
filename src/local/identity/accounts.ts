/**
 * Where the local endpoint's accounts come from: an accounts file, or the built-in permissive
 * defaults that let the local kernel work with zero set-up.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Accounts } from './account-model.js';
import { AccountsFileError, parseAccountsFile } from './accounts-file.js';

/** The documented, deliberately fake default credentials of the built-in account. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_ACCESS_KEY_ID = 'AKIDLOCALGLUEKERNEL';
export const DEFAULT_SECRET_ACCESS_KEY = 'glue-kernel-local-secret';
export const DEFAULT_USER_NAME = 'local-user';
export const DEFAULT_ROLE_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/GlueLocalSessionRole`;
export const DEFAULT_CONNECTION_NAME = 'local_vpc';

const ALLOW_EVERYTHING = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** One permissive account: `local-user` may do anything; `local_vpc` exists in every region. */
export function defaultAccounts(): Accounts {
  return parseAccountsFile(
    {
      policies: { AllowEverything: ALLOW_EVERYTHING },
      accounts: [
        {
          id: DEFAULT_ACCOUNT_ID,
          connections: [
            {
              name: DEFAULT_CONNECTION_NAME,
              region: '*',
              type: 'NETWORK',
              vpcId: 'vpc-00000000000000001',
              subnetId: 'subnet-00000000000000001',
              securityGroupIds: ['sg-00000000000000001'],
            },
          ],
          users: [
            {
              name: DEFAULT_USER_NAME,
              accessKeys: [
                { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY },
              ],
              policies: ['AllowEverything'],
            },
          ],
          roles: [
            {
              name: 'GlueLocalSessionRole',
              maxSessionDuration: 43200,
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: {
                      Service: 'glue.amazonaws.com',
                      AWS: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root`,
                    },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              policies: ['AllowEverything'],
            },
          ],
        },
      ],
    },
    'built-in default accounts',
  );
}

/** Reads and validates an accounts file; throws AccountsFileError naming the bad field. */
export async function loadAccounts(path: string): Promise<Accounts> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    // Named as the user wrote it, and where that led when it was relative.
    const where = isAbsolute(path) ? '' : ` (looked for ${resolve(path)})`;
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `accounts file not found${where}`
        : `accounts file could not be read${where}: ${(error as Error).message}`;
    throw new AccountsFileError(
      path,
      `${reason}; pass the path of an accounts file (see docs/local-accounts.md)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new AccountsFileError(
      path,
      `the accounts file is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseAccountsFile(parsed, path);
}
