/** The Data Catalog operations of the Glue API served by the local endpoint (docs/local-catalog.md). */
import { AwsError } from '../../local-types.js';
import type { GlueOperation } from '../glue-call.js';
import { glueErrors } from '../glue-errors.js';
import {
  createDatabase,
  deleteDatabase,
  getDatabase,
  getDatabases,
  updateDatabase,
} from './database-operations.js';
import { getPartitions } from './partition-listing.js';
import {
  batchCreatePartition,
  batchDeletePartition,
  batchGetPartition,
  createPartition,
  deletePartition,
  getPartition,
  updatePartition,
} from './partition-operations.js';
import {
  batchDeleteTable,
  createTable,
  deleteTable,
  getTable,
  getTables,
  updateTable,
} from './table-operations.js';
import { getTableVersions } from './table-versions.js';

export const CATALOG_OPERATIONS: Record<string, GlueOperation> = {
  CreateDatabase: createDatabase,
  GetDatabase: getDatabase,
  GetDatabases: getDatabases,
  UpdateDatabase: updateDatabase,
  DeleteDatabase: deleteDatabase,
  CreateTable: createTable,
  GetTable: getTable,
  GetTables: getTables,
  UpdateTable: updateTable,
  GetTableVersions: getTableVersions,
  DeleteTable: deleteTable,
  BatchDeleteTable: batchDeleteTable,
  CreatePartition: createPartition,
  BatchCreatePartition: batchCreatePartition,
  GetPartition: getPartition,
  GetPartitions: getPartitions,
  BatchGetPartition: batchGetPartition,
  UpdatePartition: updatePartition,
  DeletePartition: deletePartition,
  BatchDeletePartition: batchDeletePartition,
};

/**
 * The Data Catalog answers a request outside the model's constraints with InvalidInputException
 * ("1 validation error detected: ..."), where other Glue operations answer ValidationException.
 */
export function catalogValidation(operation: string, validate: () => void): void {
  try {
    validate();
  } catch (error) {
    const isCatalog = Object.hasOwn(CATALOG_OPERATIONS, operation);
    if (isCatalog && error instanceof AwsError && error.code === 'ValidationException') {
      throw glueErrors.invalidInput(error.message);
    }
    throw error;
  }
}
