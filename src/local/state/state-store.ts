/**
 * The local endpoint's state directory (docs/local-state.md): the folder, its lock, and the JSON
 * documents the parts of the endpoint keep there.
 *
 *   const state = StateStore.open('/home/me/.local/state/glue-kernel'); // locks it
 *   const tables = state.document<TableList>('catalog/tables', { version: 1, defaults: () => [] });
 *   const list = tables.load();        // StateError if corrupt or newer: the endpoint stops
 *   await tables.save([...list, t]);   // atomic
 *   state.folder('s3');                // <state>/s3, created on demand
 *   await state.close();               // waits for writes, releases the lock
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StateDocument, type DocumentOptions } from './state-document.js';
import { StateError } from './state-error.js';
import { StateLock } from './state-lock.js';

/** Document and folder names: path segments of letters, digits, `.`, `_`, `-`; never `..`. */
const NAME = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*$/;

export class StateStore {
  private readonly documents = new Map<string, StateDocument<unknown>>();
  private closed?: Promise<void>;

  private constructor(
    /** Absolute path of the state directory. */
    readonly dir: string,
    private readonly lock: StateLock,
    private readonly temporary: boolean,
  ) {}

  /** Opens (creating it if needed) and locks a state directory; throws StateError. */
  static open(dir: string): StateStore {
    const absolute = resolve(dir);
    try {
      mkdirSync(absolute, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new StateError(absolute, `cannot be created: ${(err as Error).message}`);
    }
    return new StateStore(absolute, StateLock.acquire(absolute), false);
  }

  /** A fresh private directory, deleted on close: an endpoint that keeps nothing (tests, embedding). */
  static temporary(): StateStore {
    const dir = mkdtempSync(join(tmpdir(), 'glue-kernel-state-'));
    return new StateStore(dir, StateLock.acquire(dir), true);
  }

  /** The JSON document `<state>/<name>.json` (e.g. 'sessions', 'catalog/databases'). */
  document<T>(name: string, options: DocumentOptions<T>): StateDocument<T> {
    const known = this.documents.get(name);
    if (known) return known as StateDocument<T>;
    const created = new StateDocument<T>(join(this.dir, `${checkName(name)}.json`), options);
    this.documents.set(name, created as StateDocument<unknown>);
    return created;
  }

  /** The folder `<state>/<name>` (e.g. 's3', 'bookmarks'), created if missing. */
  folder(name: string): string {
    const path = join(this.dir, checkName(name));
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return path;
  }

  /** Waits for pending writes, then releases the lock (and deletes a temporary directory). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.all([...this.documents.values()].map((doc) => doc.flushed()));
      this.lock.release();
      if (this.temporary) rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.closed;
  }
}

function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new Error(
      `state name ${JSON.stringify(name)} is not valid (segments of letters, digits, '.', '_', '-', separated by '/')`,
    );
  }
  return name;
}
