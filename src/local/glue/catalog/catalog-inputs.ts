/**
 * Reading the definitions clients send (DatabaseInput, TableInput, PartitionInput). The whole
 * request has been checked against the published model (types, required members, lengths,
 * patterns) before the operation runs; what is checked here is what the model cannot say
 * (a partition's values must match its table's keys).
 */
import { glueErrors } from '../glue-errors.js';
import type { RequestReader } from '../request-reader.js';
import { readName } from './catalog-names.js';
import type { Json } from './catalog-store.js';

export interface Column {
  Name: string;
  Type?: string;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The definition as sent, with its Name lower-cased. */
function withName(raw: unknown, name: string): Json {
  return { ...(raw as Json), Name: name };
}

export function readDatabaseInput(input: RequestReader): { name: string; definition: Json } {
  const database = input.object('DatabaseInput', true)!;
  const name = readName(database, 'Name', true)!;
  return { name, definition: withName(input.raw('DatabaseInput'), name) };
}

export interface TableDefinition {
  name: string;
  definition: Json;
}

/** TableInput: required for the Hive-style tables the local catalog keeps. */
export function readTableInput(input: RequestReader): TableDefinition {
  const table = input.object('TableInput');
  if (!table) {
    throw glueErrors.invalidInput(
      'TableInput is required: the local Data Catalog keeps Hive-style tables defined by a TableInput ' +
        '(OpenTableFormatInput, for Iceberg tables, is not supported).',
    );
  }
  const name = readName(table, 'Name', true)!;
  return { name, definition: withName(input.raw('TableInput'), name) };
}

/** The partition keys of a stored table definition. */
export function partitionKeysOf(definition: Json): Column[] {
  return (definition['PartitionKeys'] as Column[] | undefined) ?? [];
}

/** A list of partition values: as many as the table has keys. */
export function checkPartitionValues(raw: unknown, path: string, keys: Column[]): string[] {
  const values = Array.isArray(raw) ? (raw as string[]) : [];
  if (values.length !== keys.length) {
    throw glueErrors.invalidInput(
      `The number of partition keys do not match the number of partition values: the table has ` +
        `${keys.length} (${keys.map((k) => k.Name).join(', ') || 'none'}), ${path} has ${values.length}.`,
    );
  }
  return values;
}

/** One PartitionInput (a list item or a member): its values and the definition as sent. */
export function readPartitionInput(
  raw: unknown,
  path: string,
  keys: Column[],
): { values: string[]; definition: Json } {
  const definition = isObject(raw) ? raw : {};
  const values = checkPartitionValues(definition['Values'], `${path}.Values`, keys);
  return { values, definition: { ...definition, Values: values } };
}

/** A list member of the request, as sent. */
export function rawList(input: RequestReader, field: string): unknown[] {
  const raw = input.raw(field);
  return Array.isArray(raw) ? raw : [];
}
