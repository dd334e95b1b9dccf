/**
 * CreatePartition, BatchCreatePartition, GetPartition, BatchGetPartition, UpdatePartition,
 * DeletePartition, BatchDeletePartition. A partition is identified by its Values, in the order of
 * the table's PartitionKeys. Batch calls report a failing item in Errors and carry on.
 */
import type { GlueCall, GlueOperation } from '../glue-call.js';
import { glueErrors } from '../glue-errors.js';
import type { RequestReader } from '../request-reader.js';
import { CatalogCall, readTableNames } from './catalog-access.js';
import {
  checkPartitionValues,
  partitionKeysOf,
  rawList,
  readPartitionInput,
  type Column,
} from './catalog-inputs.js';
import { partitionShape } from './catalog-shapes.js';
import { partitionKey, type DatabaseEntry, type TableEntry } from './catalog-store.js';
import { AwsError } from '../../local-types.js';

interface PartitionCall {
  catalog: CatalogCall;
  database: string;
  table: string;
  databaseEntry: DatabaseEntry;
  entry: TableEntry;
  keys: Column[];
}

/** Names, then the operation's own members (`read`), then IAM, then the table. */
function openTable<T>(
  input: RequestReader,
  call: GlueCall,
  operation: string,
  read: () => T,
): PartitionCall & { request: T } {
  const catalog = CatalogCall.of(input, call, operation);
  const { database, table } = readTableNames(input, 'TableName');
  const request = read();
  input.finish();
  catalog.authorizeTable(database, table);
  const found = catalog.table(database, table);
  return {
    catalog,
    database,
    table,
    databaseEntry: found.database,
    entry: found.table,
    keys: partitionKeysOf(found.table.definition.input),
    request,
  };
}

function errorDetail(error: unknown): { ErrorCode: string; ErrorMessage: string } {
  if (error instanceof AwsError) return { ErrorCode: error.code, ErrorMessage: error.message };
  throw error;
}

const notFound = () => glueErrors.entityNotFound('Partition not found.');

function changed(p: PartitionCall): void {
  p.catalog.store.tableChanged(p.catalog.scope, p.databaseEntry, p.table, true);
}

export const createPartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'CreatePartition', () => input.object('PartitionInput', true));
  const { values, definition } = readPartitionInput(
    input.raw('PartitionInput'),
    'PartitionInput',
    p.keys,
  );
  const key = partitionKey(values);
  if (p.entry.partitions.has(key)) throw glueErrors.alreadyExists('Partition already exists.');
  p.entry.partitions.set(key, { input: definition, values, creationTime: p.catalog.now() });
  changed(p);
  return {};
};

export const batchCreatePartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'BatchCreatePartition', () =>
    rawList(input, 'PartitionInputList'),
  );
  const errors = [];
  const now = p.catalog.now();
  for (const [i, raw] of p.request.entries()) {
    try {
      const { values, definition } = readPartitionInput(raw, `PartitionInputList[${i}]`, p.keys);
      const key = partitionKey(values);
      if (p.entry.partitions.has(key)) throw glueErrors.alreadyExists('Partition already exists.');
      p.entry.partitions.set(key, { input: definition, values, creationTime: now });
    } catch (error) {
      const values = (raw as { Values?: unknown } | null)?.Values;
      errors.push({
        PartitionValues: Array.isArray(values) ? values : [],
        ErrorDetail: errorDetail(error),
      });
    }
  }
  if (errors.length < p.request.length) changed(p);
  return { Errors: errors };
};

export const getPartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'GetPartition', () => rawList(input, 'PartitionValues'));
  const values = checkPartitionValues(p.request, 'PartitionValues', p.keys);
  const partition = p.entry.partitions.get(partitionKey(values));
  if (!partition) throw notFound();
  return { Partition: partitionShape(partition, p.database, p.table, p.catalog.scope) };
};

/** Partitions that do not exist are left out (UnprocessedKeys is for throttled keys). */
export const batchGetPartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'BatchGetPartition', () => rawList(input, 'PartitionsToGet'));
  const partitions = [];
  for (const [i, item] of p.request.entries()) {
    const raw = (item as { Values?: unknown } | null)?.Values;
    const values = checkPartitionValues(raw ?? [], `PartitionsToGet[${i}].Values`, p.keys);
    const partition = p.entry.partitions.get(partitionKey(values));
    if (partition) partitions.push(partitionShape(partition, p.database, p.table, p.catalog.scope));
  }
  return { Partitions: partitions, UnprocessedKeys: [] };
};

/** PartitionInput replaces the definition; its Values (when sent) cannot differ. */
export const updatePartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'UpdatePartition', () => {
    input.object('PartitionInput', true);
    return rawList(input, 'PartitionValueList');
  });
  const values = checkPartitionValues(p.request, 'PartitionValueList', p.keys);
  const raw = input.raw('PartitionInput') as { Values?: unknown };
  const next = readPartitionInput(
    { ...raw, Values: raw.Values ?? values },
    'PartitionInput',
    p.keys,
  );
  if (partitionKey(next.values) !== partitionKey(values)) {
    throw glueErrors.invalidInput(
      'PartitionInput.Values must equal PartitionValueList: partition values cannot change ' +
        '(delete the partition and create it with the new values).',
    );
  }
  const key = partitionKey(values);
  const existing = p.entry.partitions.get(key);
  if (!existing) throw notFound();
  p.entry.partitions.set(key, { ...existing, input: next.definition });
  changed(p);
  return {};
};

export const deletePartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'DeletePartition', () => rawList(input, 'PartitionValues'));
  const values = checkPartitionValues(p.request, 'PartitionValues', p.keys);
  if (!p.entry.partitions.delete(partitionKey(values))) throw notFound();
  changed(p);
  return {};
};

export const batchDeletePartition: GlueOperation = (input, call) => {
  const p = openTable(input, call, 'BatchDeletePartition', () =>
    rawList(input, 'PartitionsToDelete'),
  );
  const errors = [];
  for (const [i, item] of p.request.entries()) {
    const raw = (item as { Values?: unknown } | null)?.Values;
    try {
      const values = checkPartitionValues(raw ?? [], `PartitionsToDelete[${i}].Values`, p.keys);
      if (!p.entry.partitions.delete(partitionKey(values))) throw notFound();
    } catch (error) {
      errors.push({
        PartitionValues: Array.isArray(raw) ? raw : [],
        ErrorDetail: errorDetail(error),
      });
    }
  }
  if (errors.length < p.request.length) changed(p);
  return { Errors: errors };
};
