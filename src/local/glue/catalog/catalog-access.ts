/**
 * What every Data Catalog operation does first: find the caller's catalog (CatalogId must be the
 * caller's account, as without a cross-account resource policy on AWS), authorize the action on
 * the catalog, database and table ARNs (a catalog object needs permission on itself and all its
 * ancestors: docs/local-catalog.md, "IAM"), and look up the objects or answer
 * EntityNotFoundException in Glue's words.
 */
import type { GlueCall } from '../glue-call.js';
import { glueErrors } from '../glue-errors.js';
import type { RequestReader } from '../request-reader.js';
import type { CatalogScope, CatalogStore, DatabaseEntry, TableEntry } from './catalog-store.js';
import { readName } from './catalog-names.js';

function arnPartition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export class CatalogCall {
  readonly scope: CatalogScope;
  readonly store: CatalogStore;
  private readonly arnPrefix: string;

  private constructor(
    readonly call: GlueCall,
    private readonly operation: string,
  ) {
    this.scope = { accountId: call.accountId, region: call.region };
    this.store = call.deps.catalog;
    this.arnPrefix = `arn:${arnPartition(call.region)}:glue:${call.region}:${call.accountId}`;
  }

  /**
   * Reads CatalogId (optional; defaults to the caller's account). Another account's catalog is
   * refused as IAM refuses a cross-account call that no resource policy allows.
   */
  static of(input: RequestReader, call: GlueCall, operation: string): CatalogCall {
    const catalogId = input.string('CatalogId');
    const catalogCall = new CatalogCall(call, operation);
    if (catalogId !== undefined && catalogId !== call.accountId) {
      const resource = `arn:${arnPartition(call.region)}:glue:${call.region}:${catalogId}:catalog`;
      throw glueErrors.accessDenied(
        `User: ${call.caller.principal.arn} is not authorized to perform: glue:${operation} on ` +
          `resource: ${resource} because no resource-based policy allows the glue:${operation} action ` +
          `(the local endpoint serves the catalog of the caller's account ${call.accountId} only).`,
      );
    }
    return catalogCall;
  }

  catalogArn(): string {
    return `${this.arnPrefix}:catalog`;
  }

  databaseArn(database: string): string {
    return `${this.arnPrefix}:database/${database}`;
  }

  tableArn(database: string, table: string): string {
    return `${this.arnPrefix}:table/${database}/${table}`;
  }

  /** glue:<operation> on each resource in turn; the first refused one is named in the error. */
  authorize(...resources: string[]): void {
    for (const resource of resources) this.call.authorize(`glue:${this.operation}`, resource);
  }

  authorizeDatabase(database: string): void {
    this.authorize(this.catalogArn(), this.databaseArn(database));
  }

  authorizeTable(database: string, table: string): void {
    this.authorize(this.catalogArn(), this.databaseArn(database), this.tableArn(database, table));
  }

  database(name: string): DatabaseEntry {
    const entry = this.store.database(this.scope, name);
    if (!entry) throw glueErrors.entityNotFound(`Database ${name} not found.`);
    return entry;
  }

  table(database: string, name: string): { database: DatabaseEntry; table: TableEntry } {
    const databaseEntry = this.database(database);
    const table = databaseEntry.tables.get(name);
    if (!table) throw glueErrors.entityNotFound(`Table ${name} not found.`);
    return { database: databaseEntry, table };
  }

  /** Epoch seconds, as the catalog's timestamps are served. */
  now(): number {
    return this.call.deps.clock.now() / 1000;
  }
}

/** The usual start of a table-level operation: the two names, read and lower-cased. */
export function readTableNames(
  input: RequestReader,
  tableField: 'Name' | 'TableName',
): { database: string; table: string } {
  return {
    database: readName(input, 'DatabaseName', true)!,
    table: readName(input, tableField, true)!,
  };
}
