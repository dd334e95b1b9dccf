/** CreateTable, GetTable, GetTables, UpdateTable, DeleteTable, BatchDeleteTable. */
import type { GlueOperation } from '../glue-call.js';
import { glueErrors } from '../glue-errors.js';
import { CatalogCall, readTableNames } from './catalog-access.js';
import { readTableInput } from './catalog-inputs.js';
import { readName } from './catalog-names.js';
import { tableShape } from './catalog-shapes.js';
import { TableEntry } from './catalog-store.js';
import { takePage } from './page-token.js';
import { tableNameMatcher } from './table-name-pattern.js';

/** Governed (Lake Formation) tables and time travel are AWS-only. */
function refuseTransactions(input: Parameters<GlueOperation>[0]): void {
  if (input.has('TransactionId') || input.has('QueryAsOfTime')) {
    throw glueErrors.invalidInput(
      'TransactionId and QueryAsOfTime are not supported: the local Data Catalog has no governed ' +
        '(Lake Formation) tables.',
    );
  }
}

export const createTable: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'CreateTable');
  const database = readName(input, 'DatabaseName', true)!;
  readName(input, 'Name');
  const { name, definition } = readTableInput(input);
  input.finish();
  refuseTransactions(input);
  catalog.authorizeTable(database, name);
  const databaseEntry = catalog.database(database);
  if (databaseEntry.tables.has(name)) throw glueErrors.alreadyExists('Table already exists.');
  const now = catalog.now();
  catalog.store.putTable(
    catalog.scope,
    databaseEntry,
    name,
    new TableEntry({
      input: definition,
      createTime: now,
      updateTime: now,
      versionId: 0,
      createdBy: call.caller.principal.arn,
    }),
  );
  return {};
};

export const getTable: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'GetTable');
  const { database, table } = readTableNames(input, 'Name');
  input.finish();
  refuseTransactions(input);
  catalog.authorizeTable(database, table);
  const found = catalog.table(database, table);
  return { Table: tableShape(found.table.definition, database, catalog.scope) };
};

/** Expression: a regular expression the whole table name must match. */
export const getTables: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'GetTables');
  const database = readName(input, 'DatabaseName', true)!;
  const expression = input.string('Expression');
  const token = input.string('NextToken');
  const maxResults = input.number('MaxResults');
  const attributes = input.stringList('AttributesToGet');
  input.finish();
  refuseTransactions(input);
  catalog.authorizeDatabase(database);
  const databaseEntry = catalog.database(database);
  const tables = databaseEntry.tables;
  const matches = tableNameMatcher(expression);
  const page = takePage(
    'GetTables',
    databaseEntry.orderedTableNames(),
    token,
    maxResults ?? 100,
    matches,
  );
  for (const name of page.keys) catalog.authorize(catalog.tableArn(database, name));
  const onlyNames = attributes !== undefined && attributes.every((a) => a === 'NAME');
  return {
    TableList: page.keys.map((name) => {
      const shape = tableShape(tables.get(name)!.definition, database, catalog.scope);
      return onlyNames ? { Name: shape['Name'] } : shape;
    }),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

/**
 * TableInput replaces the definition; the previous one is archived as a table version unless
 * SkipArchive. VersionId, when given, must be the current version (optimistic locking).
 */
export const updateTable: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'UpdateTable');
  const database = readName(input, 'DatabaseName', true)!;
  const nameMember = readName(input, 'Name');
  const versionId = input.string('VersionId');
  const skipArchive = input.raw('SkipArchive') === true;
  const { name, definition } = readTableInput(input);
  input.finish();
  refuseTransactions(input);
  if (nameMember !== undefined && nameMember !== name) {
    throw glueErrors.invalidInput(
      `Name '${nameMember}' differs from TableInput.Name '${name}': a table cannot be renamed.`,
    );
  }
  catalog.authorizeTable(database, name);
  const found = catalog.table(database, name);
  const current = found.table.definition;
  if (versionId !== undefined && versionId !== String(current.versionId)) {
    throw glueErrors.concurrentModification(
      `VersionId ${versionId} is not the current version of table ${name} (${current.versionId}); ` +
        'read the table again and retry.',
    );
  }
  if (!skipArchive) found.table.versions.push(current);
  found.table.definition = {
    ...current,
    input: definition,
    updateTime: catalog.now(),
    versionId: skipArchive ? current.versionId : current.versionId + 1,
  };
  catalog.store.tableChanged(catalog.scope, found.database, name, false);
  return {};
};

export const deleteTable: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'DeleteTable');
  const { database, table } = readTableNames(input, 'Name');
  input.finish();
  refuseTransactions(input);
  catalog.authorizeTable(database, table);
  const found = catalog.table(database, table);
  catalog.store.deleteTable(catalog.scope, found.database, table);
  return {};
};

/**
 * Every deletion must be allowed, or nothing is deleted; a missing table is reported in Errors
 * while the others are deleted.
 */
export const batchDeleteTable: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'BatchDeleteTable');
  const database = readName(input, 'DatabaseName', true)!;
  const names = input.stringList('TablesToDelete', true) ?? [];
  input.finish();
  refuseTransactions(input);
  const tables = names.map((name) => name.toLowerCase());
  catalog.authorizeDatabase(database);
  for (const table of tables) catalog.authorize(catalog.tableArn(database, table));
  const databaseEntry = catalog.database(database);
  const errors = [];
  for (const [i, table] of tables.entries()) {
    if (databaseEntry.tables.has(table)) {
      catalog.store.deleteTable(catalog.scope, databaseEntry, table);
    } else {
      errors.push({
        TableName: names[i],
        ErrorDetail: {
          ErrorCode: 'EntityNotFoundException',
          ErrorMessage: `Table ${table} not found.`,
        },
      });
    }
  }
  return { Errors: errors };
};
