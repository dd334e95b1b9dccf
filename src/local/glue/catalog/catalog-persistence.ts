/**
 * How the catalog store reports its changes to whatever keeps them: it names the document that
 * changed (a database, or one table with its versions and partitions), and the persistence layer
 * reads the current contents when it writes. Several changes to one document between two writes
 * become one write.
 */
import type { CatalogScope } from './catalog-scope.js';

/** A database, or one of its tables (`partitions`: whether its partitions changed too). */
export interface DocumentRef extends CatalogScope {
  database: string;
  table?: string;
  partitions?: boolean;
}

export interface CatalogPersistence {
  changed(ref: DocumentRef): void;
}

/** An endpoint without a state directory keeps its catalog in memory only. */
export const NO_PERSISTENCE: CatalogPersistence = { changed: () => undefined };
