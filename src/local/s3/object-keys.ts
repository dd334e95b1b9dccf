/**
 * Bucket names and object keys as files (docs/local-s3.md): a key is a relative path inside its
 * bucket's folder, so a key that could name anything outside it (`..`, `.`, empty segments, NUL,
 * a leading `/`) is refused before any file is touched.
 */
import { join, relative, sep } from 'node:path';
import { AwsError } from '../local-types.js';

/** S3's general purpose bucket naming rules (3–63 characters, lower case, not an IP address). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Upload staging and metadata never show as objects. */
export const HIDDEN_SUFFIX = '.glue-kernel-tmp';

export function checkBucketName(name: string): void {
  if (
    !BUCKET_NAME.test(name) ||
    name.includes('..') ||
    /^\d+\.\d+\.\d+\.\d+$/.test(name) ||
    name.startsWith('xn--')
  ) {
    throw new AwsError(
      'InvalidBucketName',
      `The specified bucket is not valid: ${JSON.stringify(name)} (3-63 characters: lower-case letters, digits, '.' and '-', starting and ending with a letter or digit).`,
    );
  }
}

/** S3 limits keys to 1024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

/**
 * The file (or, for a key ending in `/`, the folder) that holds `key` inside `bucketDir`.
 * Throws InvalidArgument for a key the file system cannot hold safely.
 */
export function keyPath(bucketDir: string, key: string): string {
  const refuse = (why: string): never => {
    throw new AwsError(
      'InvalidArgument',
      `The local object store keeps objects as files and cannot hold the key ${JSON.stringify(key)}: ${why}.`,
    );
  };
  if (key === '') refuse('the key is empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) refuse('keys are at most 1024 bytes');
  if (key.includes('\0')) refuse('it contains a NUL character');
  if (key.includes('\\') && sep === '\\') refuse('it contains a backslash');
  const segments = (key.endsWith('/') ? key.slice(0, -1) : key).split('/');
  for (const segment of segments) {
    if (segment === '') refuse("it has an empty path segment (a leading '/' or '//')");
    if (segment === '.' || segment === '..') refuse(`it has a '${segment}' path segment`);
    if (segment.endsWith(HIDDEN_SUFFIX)) refuse(`names ending in ${HIDDEN_SUFFIX} are reserved`);
  }
  const path = join(bucketDir, ...segments);
  const inside = relative(bucketDir, path);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) {
    refuse('it would leave the bucket folder');
  }
  return path;
}

/** The key of a file or folder inside a bucket folder (`/`-separated, folders end in `/`). */
export function keyOf(bucketDir: string, path: string, isFolder: boolean): string {
  const key = relative(bucketDir, path).split(sep).join('/');
  return isFolder ? `${key}/` : key;
}
