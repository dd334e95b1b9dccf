/**
 * Multipart uploads (CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
 * AbortMultipartUpload), as `aws s3 cp` and boto3's upload_file use them for files above 8 MB.
 * An upload is a folder `<state>/s3-uploads/<uploadId>/` with its parts as files, so uploads in
 * progress survive a restart; completing one joins the parts into the object's staging file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AwsError } from '../local-types.js';
import type { ObjectMeta } from './object-store.js';

/** S3: every part but the last is at least 5 MiB; part numbers are 1..10000. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

interface UploadRecord extends ObjectMeta {
  bucket: string;
  key: string;
  initiated: string;
}

interface PartRecord {
  size: number;
  md5: string;
}

const noSuchUpload = (): AwsError =>
  new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
  );

export class MultipartUploads {
  constructor(private readonly root: string) {}

  async create(bucket: string, key: string, meta: ObjectMeta): Promise<string> {
    const uploadId = randomBytes(24).toString('base64url');
    await mkdir(this.folder(uploadId), { recursive: true });
    const record: UploadRecord = { bucket, key, ...meta, initiated: new Date().toISOString() };
    await writeFile(join(this.folder(uploadId), 'upload.json'), JSON.stringify(record));
    return uploadId;
  }

  /** The upload, checked to belong to this bucket and key. */
  async find(uploadId: string, bucket: string, key: string): Promise<UploadRecord> {
    if (!/^[\w-]{1,64}$/.test(uploadId)) throw noSuchUpload();
    let record: UploadRecord;
    try {
      record = JSON.parse(
        await readFile(join(this.folder(uploadId), 'upload.json'), 'utf8'),
      ) as UploadRecord;
    } catch {
      throw noSuchUpload();
    }
    if (record.bucket !== bucket || record.key !== key) throw noSuchUpload();
    return record;
  }

  /** Where a part's bytes go; `savePart` records it once they are there and verified. */
  partFile(uploadId: string, partNumber: number): string {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new AwsError(
        'InvalidArgument',
        `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
      );
    }
    return join(this.folder(uploadId), `part-${partNumber}.${randomBytes(4).toString('hex')}`);
  }

  /** Makes a received part the current one for its number; returns its quoted ETag. */
  async savePart(
    uploadId: string,
    partNumber: number,
    file: string,
    size: number,
    md5: Buffer,
  ): Promise<string> {
    const record: PartRecord = { size, md5: md5.toString('hex') };
    const previous = await this.part(uploadId, partNumber);
    await writeFile(
      join(this.folder(uploadId), `part-${partNumber}.json`),
      JSON.stringify({ ...record, file }),
    );
    if (previous && previous.file !== file) await rm(previous.file, { force: true });
    return `"${record.md5}"`;
  }

  /**
   * Joins the listed parts (ascending, ETags matching) into `target`; returns the multipart
   * ETag (MD5 of the parts' MD5s, then `-<count>`, as S3 computes it).
   */
  async join(
    uploadId: string,
    listed: { partNumber: number; etag: string }[],
    target: string,
  ): Promise<string> {
    if (listed.length === 0) {
      throw new AwsError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema (no parts).',
      );
    }
    const parts: (PartRecord & { file: string })[] = [];
    for (const [index, { partNumber, etag }] of listed.entries()) {
      if (index > 0 && partNumber <= listed[index - 1]!.partNumber) {
        throw new AwsError(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
        );
      }
      const part = await this.part(uploadId, partNumber);
      if (!part || etag.replace(/"/g, '') !== part.md5) {
        throw new AwsError(
          'InvalidPart',
          `One or more of the specified parts could not be found (part ${partNumber}). The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.`,
        );
      }
      if (index < listed.length - 1 && part.size < MIN_PART_BYTES) {
        throw new AwsError(
          'EntityTooSmall',
          `Your proposed upload is smaller than the minimum allowed size (part ${partNumber} has ${part.size} bytes; every part but the last needs 5 MiB).`,
        );
      }
      parts.push(part);
    }
    const out = createWriteStream(target, { flags: 'wx' });
    try {
      for (const part of parts) await pipeline(createReadStream(part.file), out, { end: false });
    } finally {
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    }
    const digest = createHash('md5');
    for (const part of parts) digest.update(Buffer.from(part.md5, 'hex'));
    return `"${digest.digest('hex')}-${parts.length}"`;
  }

  async remove(uploadId: string): Promise<void> {
    await rm(this.folder(uploadId), { recursive: true, force: true });
  }

  private async part(
    uploadId: string,
    partNumber: number,
  ): Promise<(PartRecord & { file: string }) | undefined> {
    try {
      const record = JSON.parse(
        await readFile(join(this.folder(uploadId), `part-${partNumber}.json`), 'utf8'),
      ) as PartRecord & { file: string };
      await stat(record.file);
      return record;
    } catch {
      return undefined;
    }
  }

  private folder(uploadId: string): string {
    return join(this.root, uploadId);
  }
}
