/**
 * The object store as plain files (docs/local-s3.md): `<state>/s3/<bucket>/<key>`, or a folder an
 * accounts file maps a bucket to. What a file cannot carry (Content-Type, x-amz-meta-*, the ETag
 * computed at upload) lives beside the store in `<state>/s3-meta/<bucket>/<sha256(key)>.json`,
 * valid while the file keeps the size and mtime it had then; a file written by anything else
 * (Spark, a user) gets an ETag from its size and mtime.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeAtomically } from '../state/state-document.js';
import { AwsError } from '../local-types.js';
import { HIDDEN_SUFFIX, checkBucketName, keyOf, keyPath } from './object-keys.js';

export interface ObjectMeta {
  contentType?: string;
  /** x-amz-meta-* without the prefix, lower-case names. */
  metadata: Record<string, string>;
}

export interface ObjectInfo extends ObjectMeta {
  key: string;
  size: number;
  lastModified: Date;
  /** Quoted, as S3 sends it. */
  etag: string;
  /** The file that holds the content (a folder for a folder marker). */
  path: string;
}

export interface BucketInfo {
  name: string;
  dir: string;
  creationDate: Date;
  /** Mapped by the accounts file to an existing folder. */
  mapped: boolean;
}

interface MetaRecord extends ObjectMeta {
  size: number;
  mtimeMs: number;
  etag: string;
}

export const noSuchBucket = (bucket: string): AwsError =>
  Object.assign(new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404), {
    bucket,
  });

export class ObjectStore {
  constructor(
    /** `<state>/s3`: one folder per bucket. */
    private readonly root: string,
    /** `<state>/s3-meta`. */
    private readonly metaRoot: string,
    /** Bucket name → absolute folder, from the accounts file. */
    private readonly mapped: Record<string, string> = {},
  ) {}

  /** The folder of a bucket (existing or not); InvalidBucketName for a bad name. */
  bucketDir(bucket: string): string {
    const mapped = this.mapped[bucket];
    if (mapped) return mapped;
    checkBucketName(bucket);
    return join(this.root, bucket);
  }

  bucket(name: string): BucketInfo | undefined {
    const dir = this.bucketDir(name);
    let stats: Stats;
    try {
      stats = statSync(dir);
    } catch {
      return undefined;
    }
    if (!stats.isDirectory()) return undefined;
    return { name, dir, creationDate: stats.birthtime, mapped: name in this.mapped };
  }

  /** Throws NoSuchBucket unless the bucket exists. */
  existingBucket(name: string): BucketInfo {
    const found = this.bucket(name);
    if (!found) throw noSuchBucket(name);
    return found;
  }

  async listBuckets(): Promise<BucketInfo[]> {
    const names = new Set(Object.keys(this.mapped));
    for (const entry of await readdir(this.root, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) names.add(entry.name);
    }
    const buckets: BucketInfo[] = [];
    for (const name of [...names].sort()) {
      try {
        const found = this.bucket(name);
        if (found) buckets.push(found);
      } catch {
        // a folder whose name is no bucket name (made by hand or by Spark): not a bucket
      }
    }
    return buckets;
  }

  /** Creates the bucket's folder; false when it already existed. */
  createBucket(name: string): boolean {
    const dir = this.bucketDir(name);
    if (existsSync(dir)) return false;
    mkdirSync(dir, { recursive: true });
    return true;
  }

  async deleteBucket(name: string): Promise<void> {
    const bucket = this.existingBucket(name);
    if (bucket.mapped) {
      throw new AwsError(
        'InvalidRequest',
        `Bucket ${name} is a folder named by the accounts file (${bucket.dir}); remove it from the file instead.`,
      );
    }
    const entries = await readdir(bucket.dir);
    if (entries.some((entry) => !entry.endsWith(HIDDEN_SUFFIX))) {
      throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
    }
    await rm(bucket.dir, { recursive: true, force: true });
    await rm(join(this.metaRoot, name), { recursive: true, force: true });
  }

  /** The object, or undefined (a folder is an object only as an empty folder marker `key/`). */
  async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const dir = this.existingBucket(bucket).dir;
    const path = keyPath(dir, key);
    const stats = await stat(path).catch(() => undefined);
    if (!stats) return undefined;
    if (key.endsWith('/') ? !stats.isDirectory() : !stats.isFile()) return undefined;
    return this.describe(bucket, key, path, stats);
  }

  /** Describes a file or folder marker found by a listing or a head. */
  async describe(bucket: string, key: string, path: string, stats: Stats): Promise<ObjectInfo> {
    const size = stats.isFile() ? stats.size : 0;
    const meta = await this.readMeta(bucket, key);
    const current = meta && meta.size === size && meta.mtimeMs === stats.mtimeMs;
    return {
      key,
      path,
      size,
      lastModified: stats.mtime,
      etag: current ? meta.etag : derivedEtag(size, stats.mtimeMs),
      contentType: current ? meta.contentType : undefined,
      metadata: current ? meta.metadata : {},
    };
  }

  /**
   * A temporary file in the object's future folder (same file system, so the commit is a
   * rename); the bucket folder is made on first write.
   */
  async stagingPath(bucket: string, key: string): Promise<string> {
    const path = keyPath(this.bucketDir(bucket), key);
    await mkdir(dirname(path), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      throw conflict(key, err);
    });
    return join(dirname(path), `.${randomBytes(6).toString('hex')}${HIDDEN_SUFFIX}`);
  }

  /** Moves a staged file into place as `key` and records its metadata. */
  async commit(
    bucket: string,
    key: string,
    staged: string,
    etag: string,
    meta: ObjectMeta,
  ): Promise<ObjectInfo> {
    const path = keyPath(this.bucketDir(bucket), key);
    try {
      await rename(staged, path);
    } catch (err) {
      await rm(staged, { force: true });
      throw conflict(key, err as NodeJS.ErrnoException);
    }
    const stats = await stat(path);
    await this.writeMeta(bucket, key, { ...meta, size: stats.size, mtimeMs: stats.mtimeMs, etag });
    return { key, path, size: stats.size, lastModified: stats.mtime, etag, ...meta };
  }

  /** A folder marker (`key` ends in `/`): an empty folder. */
  async makeFolder(bucket: string, key: string, meta: ObjectMeta): Promise<ObjectInfo> {
    const path = keyPath(this.bucketDir(bucket), key);
    await mkdir(path, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      throw conflict(key, err);
    });
    const etag = derivedEtag(0, 0);
    const stats = await stat(path);
    await this.writeMeta(bucket, key, { ...meta, size: 0, mtimeMs: stats.mtimeMs, etag });
    return { key, path, size: 0, lastModified: stats.mtime, etag, ...meta };
  }

  /** Deletes an object if it exists, then the folders it leaves empty (as S3 "folders" vanish). */
  async delete(bucket: string, key: string): Promise<void> {
    const dir = this.existingBucket(bucket).dir;
    const path = keyPath(dir, key);
    const stats = await stat(path).catch(() => undefined);
    if (!stats) return;
    if (key.endsWith('/')) {
      if (!stats.isDirectory()) return;
      const ok = await rmdir(path).then(
        () => true,
        () => false, // not empty: the marker was not an object
      );
      if (!ok) return;
    } else {
      if (!stats.isFile()) return;
      await rm(path, { force: true });
    }
    await rm(this.metaFile(bucket, key), { force: true });
    for (let folder = dirname(path); folder !== dir && folder.startsWith(dir);) {
      if (
        !(await rmdir(folder).then(
          () => true,
          () => false,
        ))
      )
        break;
      folder = dirname(folder);
    }
  }

  private metaFile(bucket: string, key: string): string {
    const digest = createHash('sha256').update(key).digest('hex');
    return join(this.metaRoot, bucket, `${digest}.json`);
  }

  private async readMeta(bucket: string, key: string): Promise<MetaRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.metaFile(bucket, key), 'utf8')) as MetaRecord;
    } catch {
      return undefined;
    }
  }

  private writeMeta(bucket: string, key: string, record: MetaRecord): Promise<void> {
    return writeAtomically(this.metaFile(bucket, key), JSON.stringify({ key, ...record }));
  }
}

/** A stable ETag for a file nobody uploaded through the API. */
function derivedEtag(size: number, mtimeMs: number): string {
  return `"${createHash('md5').update(`${size}:${mtimeMs}`).digest('hex')}"`;
}

/** A key whose folder is a file, or a file key where a folder is (files cannot be both). */
function conflict(key: string, err: NodeJS.ErrnoException): AwsError | NodeJS.ErrnoException {
  if (!['ENOTDIR', 'EEXIST', 'EISDIR', 'ENOTEMPTY'].includes(err.code ?? '')) return err;
  return new AwsError(
    'InvalidArgument',
    `The local object store keeps objects as files and cannot store ${JSON.stringify(key)}: ` +
      `a file and a folder of the same name cannot both exist (${basename(key) || key} is already the other kind).`,
  );
}

export { keyOf };
