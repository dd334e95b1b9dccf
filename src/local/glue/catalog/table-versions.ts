/**
 * GetTableVersions: the current definition and every archived one (UpdateTable without
 * SkipArchive archives the definition it replaces), newest first; VersionId counts up from 0.
 */
import type { GlueOperation } from '../glue-call.js';
import { CatalogCall, readTableNames } from './catalog-access.js';
import { tableShape } from './catalog-shapes.js';
import type { StoredTable } from './catalog-store.js';
import { takePage } from './page-token.js';

/** Sorts newest first when compared as text. */
function versionKey(versionId: number): string {
  return String(Number.MAX_SAFE_INTEGER - versionId).padStart(16, '0');
}

export const getTableVersions: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'GetTableVersions');
  const { database, table } = readTableNames(input, 'TableName');
  const token = input.string('NextToken');
  const maxResults = input.number('MaxResults');
  input.finish();
  catalog.authorizeTable(database, table);
  const entry = catalog.table(database, table).table;
  const byKey = new Map<string, StoredTable>();
  for (const version of [entry.definition, ...entry.versions]) {
    byKey.set(versionKey(version.versionId), version);
  }
  const page = takePage('GetTableVersions', [...byKey.keys()].sort(), token, maxResults ?? 100);
  return {
    TableVersions: page.keys.map((key) => {
      const version = byKey.get(key)!;
      return {
        Table: tableShape(version, database, catalog.scope),
        VersionId: String(version.versionId),
      };
    }),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};
