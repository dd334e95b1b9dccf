/**
 * Seeding the Data Catalog from an accounts file's `catalog` sections (docs/local-accounts.md):
 * each database is a DatabaseInput with a `tables` list of TableInputs, checked against the Glue
 * model as CreateDatabase/CreateTable requests would be. Seeds add what is missing and never
 * replace what the catalog already holds (tables changed after the first start keep the changes).
 */
import type { Accounts } from '../../identity/account-model.js';
import { AccountsFileError } from '../../identity/accounts-file.js';
import { AwsError } from '../../local-types.js';
import { validateGlueRequest } from '../../model/validate-request.js';
import { TableEntry, type CatalogStore, type Json } from './catalog-store.js';

const DEFAULT_REGION = 'us-east-1';

interface Seed {
  region: string;
  databases: { name: string; definition: Json; tables: { name: string; definition: Json }[] }[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function modelCheck(operation: string, body: Json, path: string, source: string): void {
  try {
    validateGlueRequest(operation, body);
  } catch (error) {
    if (error instanceof AwsError) throw new AccountsFileError(path, error.message, source);
    throw error;
  }
}

function parseSeed(value: Json, path: string, source: string): Seed {
  const fail = (where: string, problem: string) => new AccountsFileError(where, problem, source);
  for (const key of Object.keys(value)) {
    if (key !== 'region' && key !== 'databases') {
      throw fail(`${path}.${key}`, 'unknown field (expected one of: region, databases)');
    }
  }
  const region = value['region'] ?? DEFAULT_REGION;
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw fail(`${path}.region`, 'must be a region such as us-east-1');
  }
  const databases = value['databases'] ?? [];
  if (!Array.isArray(databases)) throw fail(`${path}.databases`, 'must be a list');
  return {
    region,
    databases: databases.map((database: unknown, d) => {
      const where = `${path}.databases[${d}]`;
      if (!isObject(database)) throw fail(where, 'must be a JSON object (a DatabaseInput)');
      const { tables = [], ...input } = database;
      modelCheck('CreateDatabase', { DatabaseInput: input }, where, source);
      const name = String(input['Name']).toLowerCase();
      if (!Array.isArray(tables)) throw fail(`${where}.tables`, 'must be a list of TableInputs');
      return {
        name,
        definition: { ...input, Name: name },
        tables: tables.map((table: unknown, t) => {
          const tableWhere = `${where}.tables[${t}]`;
          modelCheck('CreateTable', { DatabaseName: name, TableInput: table }, tableWhere, source);
          const location = ((table as Json)['StorageDescriptor'] as Json | undefined)?.['Location'];
          if (typeof location !== 'string' || !/^s3a?:\/\/[^/]+/.test(location)) {
            throw fail(
              `${tableWhere}.StorageDescriptor.Location`,
              'must be an s3:// location (in a bucket of the local object store or one mapped under "buckets")',
            );
          }
          const tableName = String((table as Json)['Name']).toLowerCase();
          return { name: tableName, definition: { ...(table as Json), Name: tableName } };
        }),
      };
    }),
  };
}

/** Checks every seed (throws AccountsFileError naming the field), then adds what is missing. */
export function seedCatalog(store: CatalogStore, accounts: Accounts, nowSeconds: number): void {
  const seeds = accounts.accounts.flatMap((account, a) =>
    account.catalog
      ? [
          {
            accountId: account.id,
            seed: parseSeed(account.catalog, `accounts[${a}].catalog`, accounts.source),
          },
        ]
      : [],
  );
  for (const { accountId, seed } of seeds) {
    const scope = { accountId, region: seed.region };
    for (const database of seed.databases) {
      const entry =
        store.database(scope, database.name) ??
        store.putDatabase(scope, database.name, {
          input: database.definition,
          createTime: nowSeconds,
        });
      for (const table of database.tables) {
        if (entry.tables.has(table.name)) continue;
        store.putTable(
          scope,
          entry,
          table.name,
          new TableEntry({
            input: table.definition,
            createTime: nowSeconds,
            updateTime: nowSeconds,
            versionId: 0,
          }),
        );
      }
    }
  }
}
