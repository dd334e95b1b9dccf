import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glueKernelCommand } from '../support/kernel-argv.js';
import { hasVenvBin, skipUnlessAvailable, venvBin } from '../support/venv.js';

interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ADMIN = { AWS_ACCESS_KEY_ID: 'AKIAS3ADMINSAMPLE01', AWS_SECRET_ACCESS_KEY: 'admin-secret' };
const READER = { AWS_ACCESS_KEY_ID: 'AKIAS3READERSAMPLE1', AWS_SECRET_ACCESS_KEY: 'reader-secret' };

/** An admin allowed everything, a reader who may only list and read the `shared` bucket. */
const ACCOUNTS = {
  buckets: { 'mapped-data': './data' },
  accounts: [
    {
      id: '111111111111',
      roles: [
        {
          name: 'GlueRole',
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'glue.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          },
        },
      ],
      users: [
        {
          name: 'admin',
          accessKeys: [
            { accessKeyId: ADMIN.AWS_ACCESS_KEY_ID, secretAccessKey: ADMIN.AWS_SECRET_ACCESS_KEY },
          ],
          policies: [
            {
              name: 'all',
              document: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
              },
            },
          ],
        },
        {
          name: 'reader',
          accessKeys: [
            {
              accessKeyId: READER.AWS_ACCESS_KEY_ID,
              secretAccessKey: READER.AWS_SECRET_ACCESS_KEY,
            },
          ],
          policies: [
            {
              name: 'read-shared',
              document: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shared' },
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
                  { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};

/** boto3: listing with a delimiter, pagination, ranges, DeleteObjects, and refused requests. */
const BOTO3_LISTING = `
import json, boto3, botocore
s3 = boto3.client("s3")
out = {}
for key in ["a/1", "a/2", "b/1", "c", "d e+f.txt"]:
    s3.put_object(Bucket="listing", Key=key, Body=key.encode())
page = s3.list_objects_v2(Bucket="listing", Delimiter="/")
out["level"] = [p["Prefix"] for p in page.get("CommonPrefixes", [])] + [o["Key"] for o in page.get("Contents", [])]
out["prefix"] = [o["Key"] for o in s3.list_objects_v2(Bucket="listing", Prefix="a/")["Contents"]]
out["after"] = [o["Key"] for o in s3.list_objects_v2(Bucket="listing", StartAfter="b/1")["Contents"]]
keys, token, pages = [], None, 0
while True:
    args = dict(Bucket="listing", MaxKeys=2, **({"ContinuationToken": token} if token else {}))
    page = s3.list_objects_v2(**args)
    pages += 1
    keys += [o["Key"] for o in page.get("Contents", [])]
    if not page["IsTruncated"]:
        break
    token = page["NextContinuationToken"]
out["paged"] = [keys, pages]
out["head_length"] = s3.head_object(Bucket="listing", Key="d e+f.txt")["ContentLength"]
out["range"] = s3.get_object(Bucket="listing", Key="a/1", Range="bytes=1-2")["Body"].read().decode()
deleted = s3.delete_objects(Bucket="listing", Delete={"Objects": [{"Key": "a/1"}, {"Key": "c"}]})
out["deleted"] = sorted(d["Key"] for d in deleted["Deleted"])
out["left"] = [o["Key"] for o in s3.list_objects_v2(Bucket="listing")["Contents"]]
def code(call):
    try:
        call()
        return "ok"
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
out["missing_key"] = code(lambda: s3.get_object(Bucket="listing", Key="nope"))
out["missing_bucket"] = code(lambda: s3.list_objects_v2(Bucket="no-such-bucket"))
out["escape"] = code(lambda: s3.put_object(Bucket="listing", Key="x/../../escape", Body=b"x"))
bad = boto3.client("s3", aws_access_key_id="AKIAS3ADMINSAMPLE01", aws_secret_access_key="wrong-secret")
unknown = boto3.client("s3", aws_access_key_id="AKIAUNKNOWNKEY000001", aws_secret_access_key="x")
out["bad_secret"] = code(lambda: bad.list_buckets())
out["unknown_key"] = code(lambda: unknown.list_buckets())
print(json.dumps(out))
`;

/** The S3 API of `glue-kernel local` through the AWS CLI and boto3 (docs/local-s3.md). */
describe('local endpoint S3 API with the AWS CLI and boto3', function () {
  this.timeout(120_000);
  let dir: string;
  let stateDir: string;
  let accountsFile: string;
  let server: ChildProcess | undefined;
  let url = '';

  async function startServer(): Promise<void> {
    const [command, ...args] = glueKernelCommand(
      'local',
      '--port',
      '0',
      '--provisioning-delay',
      '0',
      '--accounts',
      accountsFile,
      '--state-dir',
      stateDir,
    );
    const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(seen);
        if (found) resolve(found[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`glue-kernel local exited ${code}: ${seen}`)));
    });
  }

  async function stopServer(): Promise<void> {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  before(async function () {
    skipUnlessAvailable(
      this,
      hasVenvBin('aws') && hasVenvBin('python'),
      'the venv AWS CLI and boto3',
    );
    dir = mkdtempSync(join(tmpdir(), 'glue-local-s3-'));
    stateDir = join(dir, 'state');
    mkdirSync(join(dir, 'data', 'raw'), { recursive: true });
    writeFileSync(join(dir, 'data', 'raw', 'hello.csv'), 'id,name\n1,hello\n');
    accountsFile = join(dir, 'accounts.json');
    writeFileSync(accountsFile, JSON.stringify(ACCOUNTS));
    await startServer();
  });
  after(async () => {
    await stopServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(file: string, args: string[], keys: Record<string, string>): Promise<CommandResult> {
    const child = spawn(file, args, {
      cwd: dir,
      env: {
        PATH: process.env['PATH'],
        HOME: dir,
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        AWS_ENDPOINT_URL: url,
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_MAX_ATTEMPTS: '1',
        ...keys,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) =>
      child.on('close', (status) => resolve({ status, stdout, stderr })),
    );
  }
  const aws = (keys: Record<string, string>, ...args: string[]) => run(venvBin('aws'), args, keys);
  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

  it('aws s3 mb, cp, ls: objects are plain files in the state directory', async () => {
    expect((await aws(ADMIN, 's3', 'mb', 's3://bucket-one')).status).to.equal(0);
    writeFileSync(join(dir, 'small.txt'), 'small object\n');
    const cp = await aws(ADMIN, 's3', 'cp', 'small.txt', 's3://bucket-one/docs/small.txt');
    expect(cp.status, cp.stderr).to.equal(0);
    expect(readFileSync(join(stateDir, 's3', 'bucket-one', 'docs', 'small.txt'), 'utf8')).to.equal(
      'small object\n',
    );
    mkdirSync(join(stateDir, 's3', 'Not_A_Bucket')); // a folder made by hand is no bucket
    const buckets = await aws(ADMIN, 's3', 'ls');
    expect(buckets.status, buckets.stderr).to.equal(0);
    expect(buckets.stdout)
      .to.match(/bucket-one/)
      .and.match(/mapped-data/);
    const listed = await aws(ADMIN, 's3', 'ls', 's3://bucket-one/', '--recursive');
    expect(listed.stdout).to.match(/\s13 docs\/small\.txt/);
  });

  it('aws s3 cp of a 9 MB file goes up in parts and comes back identical', async () => {
    const big = randomBytes(9 * 1024 * 1024 + 123);
    writeFileSync(join(dir, 'big.bin'), big);
    const up = await aws(ADMIN, 's3', 'cp', 'big.bin', 's3://bucket-one/big/file.bin');
    expect(up.status, up.stderr).to.equal(0);
    expect(sha256(readFileSync(join(stateDir, 's3', 'bucket-one', 'big', 'file.bin')))).to.equal(
      sha256(big),
    );
    const head = await aws(
      ADMIN,
      's3api',
      'head-object',
      '--bucket',
      'bucket-one',
      '--key',
      'big/file.bin',
    );
    expect(JSON.parse(head.stdout).ETag).to.match(/^"[0-9a-f]{32}-2"$/); // two 8 MB parts
    const down = await aws(ADMIN, 's3', 'cp', 's3://bucket-one/big/file.bin', 'big.down');
    expect(down.status, down.stderr).to.equal(0);
    expect(sha256(readFileSync(join(dir, 'big.down')))).to.equal(sha256(big));
    const copy = await aws(
      ADMIN,
      's3',
      'cp',
      's3://bucket-one/big/file.bin',
      's3://bucket-one/copy.bin',
    );
    expect(copy.status, copy.stderr).to.equal(0);
    expect(sha256(readFileSync(join(stateDir, 's3', 'bucket-one', 'copy.bin')))).to.equal(
      sha256(big),
    );
  });

  it('aws s3 sync and rm --recursive', async () => {
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'one.txt'), '1');
    writeFileSync(join(dir, 'tree', 'sub', 'two.txt'), '2');
    expect((await aws(ADMIN, 's3', 'mb', 's3://synced')).status).to.equal(0);
    const sync = await aws(ADMIN, 's3', 'sync', 'tree', 's3://synced/tree');
    expect(sync.status, sync.stderr).to.equal(0);
    const again = await aws(ADMIN, 's3', 'sync', 'tree', 's3://synced/tree');
    expect(again.stdout, 'nothing changed, nothing uploaded').to.equal('');
    const listed = await aws(ADMIN, 's3', 'ls', 's3://synced/tree/');
    expect(listed.stdout)
      .to.match(/PRE sub\//)
      .and.match(/one\.txt/);
    const rm = await aws(ADMIN, 's3', 'rm', 's3://synced/tree', '--recursive');
    expect(rm.status, rm.stderr).to.equal(0);
    const empty = await aws(ADMIN, 's3', 'ls', 's3://synced/', '--recursive');
    expect(empty.stdout).to.equal('');
  });

  it('boto3: delimiter, prefix, start-after, pagination, ranges, DeleteObjects, errors', async () => {
    expect((await aws(ADMIN, 's3', 'mb', 's3://listing')).status).to.equal(0);
    const result = await run(venvBin('python'), ['-c', BOTO3_LISTING], ADMIN);
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      level: ['a/', 'b/', 'c', 'd e+f.txt'],
      prefix: ['a/1', 'a/2'],
      after: ['c', 'd e+f.txt'],
      paged: [['a/1', 'a/2', 'b/1', 'c', 'd e+f.txt'], 3],
      head_length: 9,
      range: '/1',
      deleted: ['a/1', 'c'],
      left: ['a/2', 'b/1', 'd e+f.txt'],
      missing_key: 'NoSuchKey',
      missing_bucket: 'NoSuchBucket',
      escape: 'InvalidArgument',
      bad_secret: 'SignatureDoesNotMatch',
      unknown_key: 'InvalidAccessKeyId',
    });
  });

  it('a mapped bucket shows the folder the accounts file names', async () => {
    const listed = await aws(ADMIN, 's3', 'ls', 's3://mapped-data/', '--recursive');
    expect(listed.stdout).to.match(/raw\/hello\.csv/);
    const read = await aws(ADMIN, 's3', 'cp', 's3://mapped-data/raw/hello.csv', '-');
    expect(read.stdout).to.equal('id,name\n1,hello\n');
  });

  it('IAM decides: the reader reads `shared` and is denied everything else', async () => {
    writeFileSync(join(dir, 'note.txt'), 'shared note');
    expect((await aws(ADMIN, 's3', 'cp', 'note.txt', 's3://shared/note.txt')).status).to.equal(0);
    const read = await aws(READER, 's3', 'cp', 's3://shared/note.txt', '-');
    expect(read.stdout).to.equal('shared note');
    const rm = await aws(READER, 's3', 'rm', 's3://shared/note.txt');
    expect(rm.status).to.not.equal(0);
    expect(rm.stderr).to.contain(
      'An error occurred (AccessDenied) when calling the DeleteObject operation: User: arn:aws:iam::111111111111:user/reader is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::shared/note.txt with an explicit deny',
    );
    const put = await aws(READER, 's3', 'cp', 'note.txt', 's3://shared/other.txt');
    expect(put.stderr).to.contain('(AccessDenied) when calling the PutObject operation');
    const list = await aws(READER, 's3', 'ls', 's3://bucket-one/');
    expect(list.stderr).to.contain('(AccessDenied) when calling the ListObjectsV2 operation');
    const missing = await aws(
      READER,
      's3api',
      'get-object',
      '--bucket',
      'bucket-one',
      '--key',
      'nope',
      'out',
    );
    expect(missing.stderr, 'no ListBucket: AccessDenied, not NoSuchKey').to.contain(
      '(AccessDenied)',
    );
    expect(readFileSync(join(stateDir, 's3', 'shared', 'note.txt'), 'utf8')).to.equal(
      'shared note',
    );
  });

  it('after a restart on the same state directory, objects and sessions are still there', async () => {
    const created = await aws(
      ADMIN,
      'glue',
      'create-session',
      '--id',
      'before-restart',
      '--role',
      'arn:aws:iam::111111111111:role/GlueRole',
      '--command',
      'Name=glueetl',
    );
    expect(created.status, created.stderr).to.equal(0);
    await stopServer();
    await startServer();
    const sessions = await aws(ADMIN, 'glue', 'list-sessions', '--output', 'json');
    expect(JSON.parse(sessions.stdout).Ids).to.deep.equal(['before-restart']);
    const listed = await aws(ADMIN, 's3', 'ls', 's3://bucket-one/', '--recursive');
    expect(listed.stdout)
      .to.match(/docs\/small\.txt/)
      .and.match(/big\/file\.bin/);
    const read = await aws(ADMIN, 's3', 'cp', 's3://bucket-one/docs/small.txt', '-');
    expect(read.stdout).to.equal('small object\n');
  });
});
