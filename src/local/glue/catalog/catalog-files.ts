/**
 * The catalog in the state directory (docs/local-catalog.md, "Persistence"): one document
 * `catalog/index` with every catalog's databases and tables (definitions and archived versions),
 * and one document per partitioned table, `catalog/partitions/<hash of its name>`, with its
 * partitions, so adding partitions rewrites only that table's file. Writes are atomic (the state
 * store's documents) and coalesced: changes arriving while a write runs, or within a short delay,
 * become one write; close() writes what is pending.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../../util/clock.js';
import type { CatalogPersistence, DocumentRef } from './catalog-persistence.js';
import type { CatalogScope } from './catalog-scope.js';
import {
  DatabaseEntry,
  TableEntry,
  partitionKey,
  type CatalogStore,
  type StoredDatabase,
  type StoredPartition,
  type StoredTable,
} from './catalog-store.js';

/** What the catalog needs of the state store (src/local/state/state-store.ts). */
export interface DocumentStore {
  document<T>(
    name: string,
    options: { version: number; defaults: () => T; validate?: (data: unknown) => T },
  ): { load(): T; save(value: T): Promise<void>; flushed(): Promise<void> };
}

const FORMAT_VERSION = 1;
/** The shortest wait before a write; a write that took long makes the next wait longer. */
const MIN_DELAY_MS = 100;

interface TableRecord {
  definition: StoredTable;
  versions: StoredTable[];
}

interface DatabaseRecord {
  definition: StoredDatabase;
  tables: Record<string, TableRecord>;
}

interface CatalogRecord extends CatalogScope {
  databases: Record<string, DatabaseRecord>;
}

type Index = CatalogRecord[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateIndex(data: unknown): Index {
  if (!Array.isArray(data)) throw new Error('the catalog index must be a list of catalogs');
  for (const [i, catalog] of data.entries()) {
    if (
      !isObject(catalog) ||
      typeof catalog['accountId'] !== 'string' ||
      !isObject(catalog['databases'])
    ) {
      throw new Error(`catalog ${i} needs accountId, region and databases`);
    }
    for (const [name, database] of Object.entries(catalog['databases'])) {
      if (
        !isObject(database) ||
        !isObject(database['definition']) ||
        !isObject(database['tables'])
      ) {
        throw new Error(`database ${name} needs a definition and tables`);
      }
    }
  }
  return data as Index;
}

function validatePartitions(data: unknown): StoredPartition[] {
  if (!Array.isArray(data) || !data.every((p) => isObject(p) && Array.isArray(p['values']))) {
    throw new Error('a partitions document must be a list of partitions with values');
  }
  return data as StoredPartition[];
}

function partitionsDocumentName(ref: CatalogScope & { database: string; table: string }): string {
  const id = createHash('sha256')
    .update(JSON.stringify([ref.accountId, ref.region, ref.database, ref.table]))
    .digest('hex')
    .slice(0, 32);
  return `catalog/partitions/${id}`;
}

export class CatalogFiles implements CatalogPersistence {
  private store?: CatalogStore;
  private indexDirty = false;
  /** Partition documents to write: name → the table they belong to. */
  private readonly dirtyPartitions = new Map<string, Required<DocumentRef>>();
  private cancelTimer?: () => void;
  private writing?: Promise<void>;
  private delayMs = MIN_DELAY_MS;

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly log?: (line: string) => void,
  ) {}

  private index() {
    return this.documents.document<Index>('catalog/index', {
      version: FORMAT_VERSION,
      defaults: () => [],
      validate: validateIndex,
    });
  }

  private partitionsDocument(name: string) {
    return this.documents.document<StoredPartition[]>(name, {
      version: FORMAT_VERSION,
      defaults: () => [],
      validate: validatePartitions,
    });
  }

  /** Fills `store` from the state directory (throws StateError on a corrupt or newer file). */
  load(store: CatalogStore): void {
    this.store = store;
    for (const catalog of this.index().load()) {
      const scope = { accountId: catalog.accountId, region: catalog.region };
      const databases = store.databases(scope);
      for (const [name, record] of Object.entries(catalog.databases)) {
        const database = new DatabaseEntry(record.definition);
        databases.set(name, database);
        for (const [tableName, table] of Object.entries(record.tables)) {
          const entry = new TableEntry(table.definition);
          entry.versions.push(...table.versions);
          const ref = { ...scope, database: name, table: tableName };
          for (const partition of this.partitionsDocument(partitionsDocumentName(ref)).load()) {
            entry.partitions.set(partitionKey(partition.values), partition);
          }
          database.tables.set(tableName, entry);
        }
      }
    }
  }

  changed(ref: DocumentRef): void {
    this.indexDirty = true;
    if (ref.table !== undefined && ref.partitions) {
      const table = { ...ref, table: ref.table, partitions: true };
      this.dirtyPartitions.set(partitionsDocumentName(table), table);
    }
    this.schedule();
  }

  /** Writes everything pending (endpoint shutdown). */
  async flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.writing;
    if (this.indexDirty || this.dirtyPartitions.size > 0) await this.write();
  }

  private schedule(): void {
    if (this.cancelTimer || this.writing) return;
    this.cancelTimer = this.clock.after(this.delayMs, () => {
      this.cancelTimer = undefined;
      this.write().catch((error: unknown) =>
        this.log?.(`catalog: writing the state directory failed: ${(error as Error).message}`),
      );
    });
  }

  private async write(): Promise<void> {
    const started = this.clock.now();
    const writeIndex = this.indexDirty;
    const tables = [...this.dirtyPartitions];
    this.indexDirty = false;
    this.dirtyPartitions.clear();
    const saves: Promise<void>[] = [];
    if (writeIndex) saves.push(this.index().save(this.snapshot()));
    for (const [name, ref] of tables) {
      const entry = this.store?.table(ref, ref.database, ref.table);
      saves.push(this.partitionsDocument(name).save(entry ? [...entry.partitions.values()] : []));
    }
    this.writing = Promise.all(saves).then(() => undefined);
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
      this.delayMs = Math.max(MIN_DELAY_MS, 2 * (this.clock.now() - started));
      if (this.indexDirty || this.dirtyPartitions.size > 0) this.schedule();
    }
  }

  private snapshot(): Index {
    const store = this.store;
    if (!store) return [];
    return store.scopes().map((scope) => {
      const databases: Record<string, DatabaseRecord> = {};
      for (const [name, database] of store.databases(scope)) {
        const tables: Record<string, TableRecord> = {};
        for (const [tableName, table] of database.tables) {
          tables[tableName] = { definition: table.definition, versions: table.versions };
        }
        databases[name] = { definition: database.definition, tables };
      }
      return { ...scope, databases };
    });
  }
}
