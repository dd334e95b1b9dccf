/**
 * One JSON document of the state directory: `{ "version": N, "data": ... }`, written atomically
 * (a temporary file in the same folder, fsync, rename over the old one), so a crash leaves either
 * the old or the new document, never half of one. A document that cannot be read (bad JSON, wrong
 * shape, a newer version than this code knows) stops the endpoint with a StateError and is never
 * overwritten: it may hold a newer release's data or a user's only copy.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StateError } from './state-error.js';

export interface DocumentOptions<T> {
  /** The format version this code writes; files with a higher one are refused. */
  version: number;
  /** The value of a document that does not exist yet. */
  defaults: () => T;
  /**
   * Turns the data of an older version into the current shape. Without it, an older version is
   * refused like a corrupt file (nothing has needed a migration yet).
   */
  migrate?: (data: unknown, fromVersion: number) => T;
  /** Checks the shape of the data read; throw an Error saying what is wrong. */
  validate?: (data: unknown) => T;
}

interface Envelope {
  version: number;
  data: unknown;
}

export class StateDocument<T> {
  /** Writes run one after another, in call order, so the file always ends with the last save. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    /** Absolute path of the JSON file. */
    readonly file: string,
    private readonly options: DocumentOptions<T>,
  ) {}

  /** The stored value, or the defaults when the file does not exist; throws StateError. */
  load(): T {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.options.defaults();
      throw new StateError(this.file, `cannot be read: ${(err as Error).message}`);
    }
    const envelope = this.parse(text);
    const { version } = this.options;
    if (envelope.version > version) {
      throw new StateError(
        this.file,
        `was written by a newer glue-kernel (format version ${envelope.version}; this one reads up to ${version}). ` +
          'Upgrade glue-kernel, or use another --state-dir. The file is left as it is.',
      );
    }
    try {
      if (envelope.version < version) {
        if (!this.options.migrate) throw new Error(`format version ${envelope.version} is too old`);
        return this.options.migrate(envelope.data, envelope.version);
      }
      return this.options.validate ? this.options.validate(envelope.data) : (envelope.data as T);
    } catch (err) {
      throw this.corrupt((err as Error).message);
    }
  }

  /** Replaces the document atomically. Resolves once the new content is on disk. */
  save(value: T): Promise<void> {
    const text = `${JSON.stringify({ version: this.options.version, data: value }, null, 1)}\n`;
    const next = this.writing.then(() => writeAtomically(this.file, text));
    this.writing = next.catch(() => undefined); // a failed write does not block later ones
    return next;
  }

  /** Resolves when every save so far has finished (endpoint shutdown). */
  flushed(): Promise<void> {
    return this.writing;
  }

  private parse(text: string): Envelope {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw this.corrupt(`not valid JSON (${(err as Error).message})`);
    }
    const envelope = parsed as Partial<Envelope> | null;
    if (
      typeof envelope !== 'object' ||
      envelope === null ||
      !Number.isInteger(envelope.version) ||
      !('data' in envelope)
    ) {
      throw this.corrupt('not a glue-kernel state document ({"version": N, "data": ...})');
    }
    return envelope as Envelope;
  }

  private corrupt(problem: string): StateError {
    return new StateError(
      this.file,
      `is corrupt: ${problem}. The endpoint did not start and left the file as it is; ` +
        'repair or move it away (the endpoint then starts without it), or use another --state-dir.',
    );
  }
}

/** Temp file in the same folder (so rename is atomic), fsync, rename, fsync the folder. */
export async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncFolder(dirname(file));
}

/** Makes the rename itself durable; some systems refuse to open a folder, which is harmless. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
