/**
 * The output shapes of the Data Catalog (Database, Table, TableVersion, Partition): the stored
 * definition's members that the output shape has, plus the fields the service sets. Timestamps
 * are epoch seconds, as the JSON protocol carries them.
 */
import type {
  CatalogScope,
  Json,
  StoredDatabase,
  StoredPartition,
  StoredTable,
} from './catalog-store.js';

const DATABASE_MEMBERS = [
  'Name',
  'Description',
  'LocationUri',
  'Parameters',
  'CreateTableDefaultPermissions',
  'TargetDatabase',
  'FederatedDatabase',
];

/** ViewDefinition is left out: its input and output shapes differ. */
const TABLE_MEMBERS = [
  'Name',
  'Description',
  'Owner',
  'LastAccessTime',
  'LastAnalyzedTime',
  'Retention',
  'StorageDescriptor',
  'PartitionKeys',
  'ViewOriginalText',
  'ViewExpandedText',
  'TableType',
  'Parameters',
  'TargetTable',
];

const PARTITION_MEMBERS = [
  'Values',
  'LastAccessTime',
  'StorageDescriptor',
  'Parameters',
  'LastAnalyzedTime',
];

/** What a database created without permissions gets on AWS (IAM access control only). */
const DEFAULT_PERMISSIONS = [
  { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
];

/** The members of `source` an output shape has, set on `out` (one object: JSON.stringify is faster on it). */
function pick(source: Json, members: string[], out: Json = {}): Json {
  for (const member of members) {
    const value = source[member];
    if (value !== undefined && value !== null) out[member] = value;
  }
  return out;
}

export function databaseShape(database: StoredDatabase, scope: CatalogScope): Json {
  return {
    ...pick(database.input, DATABASE_MEMBERS),
    CreateTableDefaultPermissions:
      database.input['CreateTableDefaultPermissions'] ?? DEFAULT_PERMISSIONS,
    CreateTime: database.createTime,
    CatalogId: scope.accountId,
  };
}

export function tableShape(table: StoredTable, database: string, scope: CatalogScope): Json {
  return {
    ...pick(table.input, TABLE_MEMBERS),
    PartitionKeys: table.input['PartitionKeys'] ?? [],
    Retention: table.input['Retention'] ?? 0,
    DatabaseName: database,
    CreateTime: table.createTime,
    UpdateTime: table.updateTime,
    ...(table.createdBy ? { CreatedBy: table.createdBy } : {}),
    IsRegisteredWithLakeFormation: false,
    CatalogId: scope.accountId,
    VersionId: String(table.versionId),
  };
}

export function partitionShape(
  partition: StoredPartition,
  database: string,
  table: string,
  scope: CatalogScope,
  excludeColumnSchema = false,
): Json {
  const shape = pick(partition.input, PARTITION_MEMBERS, {
    Values: partition.values,
    DatabaseName: database,
    TableName: table,
    CreationTime: partition.creationTime,
    CatalogId: scope.accountId,
  });
  const storage = shape['StorageDescriptor'] as Json | undefined;
  if (excludeColumnSchema && storage) {
    const { Columns: _columns, ...rest } = storage;
    shape['StorageDescriptor'] = rest;
  }
  return shape;
}
