/** CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase, DeleteDatabase. */
import type { GlueOperation } from '../glue-call.js';
import { glueErrors } from '../glue-errors.js';
import { CatalogCall } from './catalog-access.js';
import { readDatabaseInput } from './catalog-inputs.js';
import { readName } from './catalog-names.js';
import { databaseShape } from './catalog-shapes.js';
import { takePage } from './page-token.js';

export const createDatabase: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'CreateDatabase');
  const { name, definition } = readDatabaseInput(input);
  input.finish();
  catalog.authorizeDatabase(name);
  if (catalog.store.database(catalog.scope, name)) {
    throw glueErrors.alreadyExists('Database already exists.');
  }
  catalog.store.putDatabase(catalog.scope, name, { input: definition, createTime: catalog.now() });
  return {};
};

export const getDatabase: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'GetDatabase');
  const name = readName(input, 'Name', true)!;
  input.finish();
  catalog.authorizeDatabase(name);
  return { Database: databaseShape(catalog.database(name).definition, catalog.scope) };
};

export const getDatabases: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'GetDatabases');
  const token = input.string('NextToken');
  const maxResults = input.number('MaxResults');
  const shareType = input.string('ResourceShareType');
  const attributes = input.stringList('AttributesToGet');
  input.finish();
  catalog.authorize(catalog.catalogArn());
  // No database is shared with a local account: FOREIGN and FEDERATED list nothing.
  const databases = catalog.store.databases(catalog.scope);
  const names = shareType === 'FOREIGN' || shareType === 'FEDERATED' ? [] : [...databases.keys()];
  const page = takePage('GetDatabases', names.sort(), token, maxResults ?? 100);
  for (const name of page.keys) catalog.authorize(catalog.databaseArn(name));
  const onlyNames = attributes !== undefined && !attributes.includes('TARGET_DATABASE');
  return {
    DatabaseList: page.keys.map((name) => {
      const shape = databaseShape(databases.get(name)!.definition, catalog.scope);
      return onlyNames ? { Name: shape['Name'] } : shape;
    }),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

export const updateDatabase: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'UpdateDatabase');
  const name = readName(input, 'Name', true)!;
  const { name: newName, definition } = readDatabaseInput(input);
  input.finish();
  catalog.authorizeDatabase(name);
  const existing = catalog.database(name);
  if (newName !== name) {
    throw glueErrors.invalidInput(
      `DatabaseInput.Name '${newName}' differs from Name '${name}': a database cannot be renamed.`,
    );
  }
  catalog.store.putDatabase(catalog.scope, name, {
    input: definition,
    createTime: existing.definition.createTime,
  });
  return {};
};

/** Also needs the action on every table of the database (its children), as on AWS. */
export const deleteDatabase: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'DeleteDatabase');
  const name = readName(input, 'Name', true)!;
  input.finish();
  catalog.authorize(
    catalog.catalogArn(),
    catalog.databaseArn(name),
    catalog.tableArn(name, '*'),
    catalog.catalogArn().replace(/:catalog$/, `:userDefinedFunction/${name}/*`),
  );
  catalog.database(name);
  catalog.store.deleteDatabase(catalog.scope, name);
  return {};
};
