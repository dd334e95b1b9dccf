/**
 * The Data Catalog's contents, per catalog (one per account and region, as on AWS): databases,
 * their tables with archived versions, and each table's partitions. Definitions are kept as the
 * validated JSON inputs (names lower-cased) plus the service-set fields, so every member a client
 * sent comes back as it was sent. Each change is reported to the persistence layer, which writes
 * the touched documents (docs/local-catalog.md, "Persistence").
 */
import {
  NO_PERSISTENCE,
  type CatalogPersistence,
  type DocumentRef,
} from './catalog-persistence.js';
import { scopeKey, type CatalogScope } from './catalog-scope.js';

export type { CatalogScope } from './catalog-scope.js';

export type Json = Record<string, unknown>;

export interface StoredDatabase {
  /** The DatabaseInput as received (Name lower-cased). */
  input: Json;
  /** Epoch seconds. */
  createTime: number;
}

export interface StoredTable {
  /** The TableInput as received (Name lower-cased). */
  input: Json;
  createTime: number;
  updateTime: number;
  /** Increases by one on each archived update; GetTable shows it as a string. */
  versionId: number;
  createdBy?: string;
}

export interface StoredPartition {
  /** The PartitionInput as received; its Values identify the partition. */
  input: Json;
  values: string[];
  creationTime: number;
}

/** A table with its history and partitions. */
export class TableEntry {
  /** Archived definitions, oldest first. */
  readonly versions: StoredTable[] = [];
  readonly partitions = new Map<string, StoredPartition>();
  private sortedKeys: string[] | undefined;

  constructor(public definition: StoredTable) {}

  /** Partition keys in ascending order (the pages' order), cached until the next change. */
  orderedPartitionKeys(): string[] {
    this.sortedKeys ??= [...this.partitions.keys()].sort();
    return this.sortedKeys;
  }

  partitionsChanged(): void {
    this.sortedKeys = undefined;
  }
}

export class DatabaseEntry {
  readonly tables = new Map<string, TableEntry>();
  private sortedNames: string[] | undefined;

  constructor(public definition: StoredDatabase) {}

  /** Table names in ascending order (the pages' order), cached until a table is added or removed. */
  orderedTableNames(): string[] {
    this.sortedNames ??= [...this.tables.keys()].sort();
    return this.sortedNames;
  }

  tablesChanged(): void {
    this.sortedNames = undefined;
  }
}

/** The identity of a partition inside its table: its values, in the partition keys' order. */
export function partitionKey(values: string[]): string {
  return JSON.stringify(values);
}

export class CatalogStore {
  private readonly catalogs = new Map<string, Map<string, DatabaseEntry>>();

  constructor(private readonly persistence: CatalogPersistence = NO_PERSISTENCE) {}

  /** The databases of one catalog (created empty on first use). */
  databases(scope: CatalogScope): Map<string, DatabaseEntry> {
    const key = scopeKey(scope);
    let catalog = this.catalogs.get(key);
    if (!catalog) this.catalogs.set(key, (catalog = new Map()));
    return catalog;
  }

  database(scope: CatalogScope, name: string): DatabaseEntry | undefined {
    return this.catalogs.get(scopeKey(scope))?.get(name);
  }

  table(scope: CatalogScope, database: string, name: string): TableEntry | undefined {
    return this.database(scope, database)?.tables.get(name);
  }

  putDatabase(scope: CatalogScope, name: string, definition: StoredDatabase): DatabaseEntry {
    const catalog = this.databases(scope);
    const existing = catalog.get(name);
    if (existing) existing.definition = definition;
    const entry = existing ?? new DatabaseEntry(definition);
    catalog.set(name, entry);
    this.changed({ ...scope, database: name });
    return entry;
  }

  /** Removes a database with its tables and their partitions. */
  deleteDatabase(scope: CatalogScope, name: string): void {
    const entry = this.database(scope, name);
    if (!entry) return;
    for (const table of entry.tables.keys()) {
      this.changed({ ...scope, database: name, table, partitions: true });
    }
    this.catalogs.get(scopeKey(scope))?.delete(name);
    this.changed({ ...scope, database: name });
  }

  putTable(scope: CatalogScope, database: DatabaseEntry, name: string, entry: TableEntry): void {
    database.tables.set(name, entry);
    database.tablesChanged();
    this.tableChanged(scope, database, name, entry.partitions.size > 0);
  }

  deleteTable(scope: CatalogScope, database: DatabaseEntry, name: string): void {
    database.tables.delete(name);
    database.tablesChanged();
    this.tableChanged(scope, database, name, true);
  }

  /** Records that a table's definition or versions changed, or (`partitions`) its partitions. */
  tableChanged(
    scope: CatalogScope,
    database: DatabaseEntry,
    table: string,
    partitions: boolean,
  ): void {
    if (partitions) database.tables.get(table)?.partitionsChanged();
    const name = String(database.definition.input['Name']);
    this.changed({ ...scope, database: name, table, partitions });
  }

  /** Every catalog, for persistence snapshots. */
  scopes(): CatalogScope[] {
    return [...this.catalogs.keys()].map((key) => {
      const [accountId = '', region = ''] = key.split('/');
      return { accountId, region };
    });
  }

  private changed(ref: DocumentRef): void {
    this.persistence.changed(ref);
  }
}
