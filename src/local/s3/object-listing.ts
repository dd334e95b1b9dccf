/**
 * ListObjectsV2 over a bucket folder: keys in UTF-8 byte order, Prefix, Delimiter (common
 * prefixes), StartAfter, MaxKeys and an opaque continuation token. With the delimiter `/` only
 * the prefix's own folder is read (a sub-folder is a common prefix), so listing one level of a
 * large Spark output stays cheap.
 */
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AwsError } from '../local-types.js';
import { HIDDEN_SUFFIX, keyOf, keyPath } from './object-keys.js';

export interface ListedFile {
  key: string;
  path: string;
  stats: Stats;
}

export interface ListRequest {
  prefix: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  maxKeys: number;
}

export interface ListPage {
  objects: ListedFile[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function encodeToken(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64');
}

export function decodeToken(token: string): string {
  const key = Buffer.from(token, 'base64').toString('utf8');
  if (token === '' || encodeToken(key) !== token) {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect');
  }
  return key;
}

/** Visible entries of a folder: files, and folders (with `deep`, their contents instead). */
async function collect(
  bucketDir: string,
  folder: string,
  namePrefix: string,
  deep: boolean,
  out: ListedFile[],
  seen: Set<string>,
): Promise<boolean> {
  const real = await realpath(folder).catch(() => folder);
  if (seen.has(real)) return true; // a symlink loop: list the folder once
  seen.add(real);
  const names = await readdir(folder).catch(() => [] as string[]);
  let visible = false;
  for (const name of names) {
    if (name.endsWith(HIDDEN_SUFFIX) || !name.startsWith(namePrefix)) continue;
    const path = join(folder, name);
    const stats = await stat(path).catch(() => undefined);
    if (!stats) continue;
    visible = true;
    if (stats.isFile()) {
      out.push({ key: keyOf(bucketDir, path, false), path, stats });
    } else if (stats.isDirectory()) {
      const hasContent = deep && (await collect(bucketDir, path, '', true, out, seen));
      // An empty folder is a folder marker object; without `deep` it stands for its content.
      if (!hasContent) out.push({ key: keyOf(bucketDir, path, true), path, stats });
    }
  }
  return visible;
}

export async function listFolder(bucketDir: string, request: ListRequest): Promise<ListPage> {
  const { prefix, delimiter } = request;
  const cut = prefix.lastIndexOf('/');
  const folderKey = cut >= 0 ? prefix.slice(0, cut + 1) : '';
  let folder = bucketDir;
  if (folderKey !== '') {
    try {
      folder = keyPath(bucketDir, folderKey);
    } catch {
      return { objects: [], commonPrefixes: [], isTruncated: false }; // no key can match
    }
  }
  const files: ListedFile[] = [];
  const shallow = delimiter === '/';
  const any = await collect(bucketDir, folder, prefix.slice(cut + 1), !shallow, files, new Set());
  if (!any && folderKey !== '' && folderKey === prefix) {
    const marker = await stat(folder).catch(() => undefined);
    if (marker?.isDirectory()) files.push({ key: folderKey, path: folder, stats: marker });
  }

  type Item = { key: string; file?: ListedFile };
  const items = new Map<string, Item>();
  for (const file of files) {
    const rest = file.key.slice(prefix.length);
    const at = delimiter ? rest.indexOf(delimiter) : -1;
    if (at >= 0) {
      const common = prefix + rest.slice(0, at + delimiter!.length);
      items.set(common, { key: common });
    } else {
      items.set(file.key, { key: file.key, file });
    }
  }
  let after = request.startAfter ?? '';
  if (request.continuationToken !== undefined) {
    const fromToken = decodeToken(request.continuationToken);
    if (byBytes(fromToken, after) > 0) after = fromToken;
  }
  const sorted = [...items.values()]
    .filter((item) => byBytes(item.key, after) > 0)
    .sort((a, b) => byBytes(a.key, b.key));
  const page = sorted.slice(0, request.maxKeys);
  const isTruncated = sorted.length > page.length;
  return {
    objects: page.flatMap((item) => (item.file ? [item.file] : [])),
    commonPrefixes: page.flatMap((item) => (item.file ? [] : [item.key])),
    isTruncated,
    ...(isTruncated && page.length > 0
      ? { nextContinuationToken: encodeToken(page[page.length - 1]!.key) }
      : {}),
  };
}
