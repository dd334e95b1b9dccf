import {
  CancelStatementCommand,
  CreateSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  GlueClient,
  RunStatementCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { waitUntil } from '../support/local-wait.js';
import { hasVenvBin, venvBin, skipUnlessAvailable } from '../support/venv.js';

/** The venv's interpreter when it can import pyspark (and Java is there to run it). */
function pysparkPython(): { python?: string; reason?: string } {
  if (!hasVenvBin('python'))
    return { reason: 'no .venv/bin/python (run scripts/ensure-test-env.sh)' };
  const python = venvBin('python');
  const probe = spawnSync(python, ['-c', 'import pyspark'], { encoding: 'utf8' });
  if (probe.status !== 0) return { reason: `pyspark is not installed in ${python}` };
  if (spawnSync('java', ['-version']).status !== 0) return { reason: 'no java on PATH for Spark' };
  return { python };
}

describe('local endpoint: PySpark sessions (venv interpreter)', function () {
  this.timeout(180_000);
  let endpoint: LocalEndpoint;
  let glue: GlueClient;

  before(async function () {
    const { python, reason } = pysparkPython();
    skipUnlessAvailable(this, python !== undefined, reason ?? 'pyspark');
    // With a warm standby: the session takes a worker whose Spark is already starting.
    endpoint = await startLocalEndpoint({
      port: 0,
      python,
      standby: true,
      faults: { provisioningDelayMs: 0 },
    });
    glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
  });
  after(async () => {
    glue?.destroy();
    await endpoint?.close();
  });

  it('provides spark and sc lazily; spark.range(100).count() is 100', async () => {
    await glue.send(
      new CreateSessionCommand({
        Id: 'spark',
        Role: DEFAULT_ROLE_ARN,
        Command: { Name: 'glueetl' },
        // As %spark_conf / %%configure send them: several settings in one --conf value.
        DefaultArguments: {
          '--conf': 'spark.sql.shuffle.partitions=7 --conf spark.sql.session.timeZone=UTC',
        },
      }),
    );
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'spark' })),
      (r) => r.Session?.Status === 'READY',
    );
    const { Id } = await glue.send(
      new RunStatementCommand({ SessionId: 'spark', Code: 'spark.range(100).count()' }),
    );
    const done = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'spark', Id })),
      (r) => ['AVAILABLE', 'ERROR', 'CANCELLED'].includes(r.Statement?.State ?? ''),
      150_000,
      'the Spark statement',
    );
    expect(done.Statement?.Output?.Status, JSON.stringify(done.Statement?.Output)).to.equal('ok');
    expect(done.Statement?.Output?.Data?.TextPlain?.trim().split('\n').pop()).to.equal('100');
    const { Id: scId } = await glue.send(
      new RunStatementCommand({ SessionId: 'spark', Code: 'sc.parallelize([1, 2, 3]).sum()' }),
    );
    const sum = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'spark', Id: scId })),
      (r) => r.Statement?.State === 'AVAILABLE',
      60_000,
    );
    expect(sum.Statement?.Output?.Data?.TextPlain?.trim().split('\n').pop()).to.equal('6');
    const { Id: confId } = await glue.send(
      new RunStatementCommand({
        SessionId: 'spark',
        Code: "[spark.conf.get(k) for k in ('spark.sql.shuffle.partitions', 'spark.sql.session.timeZone')]",
      }),
    );
    const conf = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'spark', Id: confId })),
      (r) => r.Statement?.State === 'AVAILABLE',
      60_000,
    );
    expect(conf.Statement?.Output?.Data?.TextPlain?.trim()).to.equal("['7', 'UTC']");
  });

  it('an interrupt cancels the Spark job it stopped, so the next job does not wait for it', async () => {
    // The session of the previous test, whose Spark runs already.
    const dir = mkdtempSync(join(tmpdir(), 'glue-spark-interrupt-'));
    const started = join(dir, 'task-started');
    try {
      const code = [
        'import os, time',
        'def slow(_):',
        `    open(${JSON.stringify(started)}, 'a').close()`,
        '    time.sleep(600)',
        'sc.parallelize(range(2), 2).map(slow).count()',
      ].join('\n');
      const { Id } = await glue.send(new RunStatementCommand({ SessionId: 'spark', Code: code }));
      await waitUntil(
        async () => existsSync(started),
        (there) => there,
        60_000,
        'a task of the job to start',
      );
      await glue.send(new CancelStatementCommand({ SessionId: 'spark', Id }));
      await waitUntil(
        () => glue.send(new GetStatementCommand({ SessionId: 'spark', Id })),
        (r) => r.Statement?.State === 'CANCELLED',
        30_000,
        'the statement to be cancelled',
      );
      // The cores the stopped job held are free again: a job needing them all completes.
      const { Id: nextId } = await glue.send(
        new RunStatementCommand({
          SessionId: 'spark',
          Code: 'sc.parallelize(range(8), 8).map(lambda x: x).sum()',
        }),
      );
      const next = await waitUntil(
        () => glue.send(new GetStatementCommand({ SessionId: 'spark', Id: nextId })),
        (r) => ['AVAILABLE', 'ERROR', 'CANCELLED'].includes(r.Statement?.State ?? ''),
        60_000,
        'the next Spark job',
      );
      expect(next.Statement?.Output?.Data?.TextPlain?.trim().split('\n').pop()).to.equal('28');
      expect((await glue.send(new GetSessionCommand({ Id: 'spark' }))).Session?.Status).to.equal(
        'READY',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
