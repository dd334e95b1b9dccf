import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsError } from '../../../../src/local/local-types.js';
import { checkBucketName, keyPath } from '../../../../src/local/s3/object-keys.js';
import { listFolder } from '../../../../src/local/s3/object-listing.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (err) {
    if (err instanceof AwsError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'ok';
}

describe('local S3 object keys and listing', () => {
  let bucket: string;
  beforeEach(() => {
    bucket = mkdtempSync(join(tmpdir(), 'object-store-test-'));
  });
  afterEach(() => rmSync(bucket, { recursive: true, force: true }));

  it('maps keys to files inside the bucket folder, folders for keys ending in /', () => {
    expect(keyPath(bucket, 'a/b.txt')).to.equal(join(bucket, 'a', 'b.txt'));
    expect(keyPath(bucket, 'a/b/')).to.equal(join(bucket, 'a', 'b'));
    expect(keyPath(bucket, 'dots..in..name')).to.equal(join(bucket, 'dots..in..name'));
  });

  it('refuses every key that could leave the bucket folder', () => {
    for (const [key, why] of [
      ['../x', "a '..' path segment"],
      ['a/../../x', "a '..' path segment"],
      ['a/./x', "a '.' path segment"],
      ['/etc/passwd', 'an empty path segment'],
      ['a//b', 'an empty path segment'],
      ['..', "a '..' path segment"],
      ['a\0b', 'NUL'],
      ['', 'the key is empty'],
    ]) {
      expect(
        codeOf(() => keyPath(bucket, key!)),
        key,
      )
        .to.match(/^InvalidArgument: /)
        .and.contain(why);
    }
  });

  it('checks bucket names as S3 does', () => {
    for (const name of [
      'ab',
      'Upper',
      'a_b',
      '-ab',
      'ab-',
      'a..b',
      '192.168.0.1',
      'x'.repeat(64),
    ]) {
      expect(
        codeOf(() => checkBucketName(name)),
        name,
      ).to.match(/^InvalidBucketName/);
    }
    expect(codeOf(() => checkBucketName('my-bucket.2'))).to.equal('ok');
  });

  it('lists keys in byte order, with common prefixes, start-after and pages', async () => {
    for (const key of ['b/2', 'b/1', 'a', 'c/d/e', 'é', 'z']) {
      mkdirSync(join(bucket, ...key.split('/').slice(0, -1)), { recursive: true });
      writeFileSync(join(bucket, ...key.split('/')), key);
    }
    mkdirSync(join(bucket, 'empty'));
    writeFileSync(join(bucket, `.upload.glue-kernel-tmp`), 'hidden');
    const keys = async (request: Partial<Parameters<typeof listFolder>[1]>) => {
      const page = await listFolder(bucket, { prefix: '', maxKeys: 1000, ...request });
      return [...page.objects.map((o) => o.key), ...page.commonPrefixes.map((p) => `${p}*`)];
    };
    expect(await keys({})).to.deep.equal(['a', 'b/1', 'b/2', 'c/d/e', 'empty/', 'z', 'é']);
    expect(await keys({ delimiter: '/' })).to.have.members([
      'a',
      'b/*',
      'c/*',
      'empty/*',
      'z',
      'é',
    ]);
    expect(await keys({ prefix: 'b/' })).to.deep.equal(['b/1', 'b/2']);
    expect(await keys({ prefix: 'c/', delimiter: '/' })).to.deep.equal(['c/d/*']);
    expect(await keys({ delimiter: 'd' })).to.have.members([
      'a',
      'b/1',
      'b/2',
      'c/d*',
      'empty/',
      'z',
      'é',
    ]);
    expect(await keys({ startAfter: 'b/2' })).to.deep.equal(['c/d/e', 'empty/', 'z', 'é']);
    const first = await listFolder(bucket, { prefix: '', maxKeys: 4 });
    expect(first.isTruncated).to.equal(true);
    const rest = await listFolder(bucket, {
      prefix: '',
      maxKeys: 4,
      continuationToken: first.nextContinuationToken,
    });
    expect(rest.objects.map((o) => o.key)).to.deep.equal(['empty/', 'z', 'é']);
    expect(rest.isTruncated).to.equal(false);
  });
});
