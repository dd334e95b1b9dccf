import { expect } from 'chai';
import type { Logger } from '../../../src/util/logger.js';
import { interpreterHarness } from '../../support/interpreter-harness.js';
import { CREATION_ROLE, SESSION_ROLE } from '../../support/session-harness.js';

const SECRET = 'S3CR3T-value';

/** Secrets given in settings appear in no output, error or log line (the one masking rule). */
describe('secrets in settings are never shown', () => {
  function harness(): { h: ReturnType<typeof interpreterHarness>; logged: string[] } {
    const logged: string[] = [];
    const log = (line: string): number => logged.push(line);
    const logger: Logger = { debug: log, info: log, warn: log, error: log };
    return { h: interpreterHarness({ logger }), logged };
  }

  it('masks them in what the magics print and in the creation summary', async () => {
    const { h, logged } = harness();
    const cells = [
      `%assume_role ${CREATION_ROLE}\n%iam_role ${SESSION_ROLE}`,
      `%%configure\n{'default_arguments': {'--db_password': '${SECRET}'}, 'idle_timeout': 30}`,
      `%additional_python_modules https://user:${SECRET}@pypi.example.com/simple/lib.whl`,
      `%extra_py_files https://user:${SECRET}@files.example.com/helpers.py`,
      `%extra_jars https://${SECRET}@jars.example.com/driver.jar`,
      `%%tags\n{'team': 'a', 'api_token': '${SECRET}'}`,
      'x = 1',
    ];
    const seen: string[] = [];
    for (const cell of cells) {
      const run = await h.run(cell);
      expect(run.outcome.status, run.seen).to.equal('ok');
      seen.push(run.seen);
    }
    const all = seen.join('\n');
    expect(all).to.include("'--db_password': ***");
    expect(all).to.include('https://***@pypi.example.com/simple/lib.whl');
    expect(all).to.include('Applying the following default arguments:');
    expect(all).to.include('--additional-python-modules https://***@pypi.example.com');
    expect(all).not.to.include(SECRET);
    expect(logged.join('\n')).not.to.include(SECRET);
  });

  it('refuses a credential Spark setting without quoting it', async () => {
    const { h, logged } = harness();
    for (const cell of [
      `%%configure\n{'--conf': 'spark.x.token=${SECRET}'}`,
      `%spark_conf spark.x.token=${SECRET}`,
    ]) {
      const run = await h.run(cell);
      expect(run.outcome).to.deep.include({ status: 'error', ename: 'UsageError' });
      expect(run.seen).to.include("'spark.x.token' holds a credential");
      expect(run.seen).not.to.include(SECRET);
    }
    expect(h.controller.settings()).to.deep.equal({});
    expect(logged.join('\n')).not.to.include(SECRET);
  });

  it('does not quote what %%assume_role, %assume_role or %iam_role took for a role ARN', async () => {
    const { h, logged } = harness();
    for (const cell of [
      `%%assume_role\n"${SECRET}"`,
      `%%assume_role\n{'role_arn': '${SECRET}'}`,
      `%assume_role ${SECRET}`,
      `%iam_role ${SECRET}`,
    ]) {
      const run = await h.run(cell);
      expect(run.outcome.status).to.equal('error');
      expect(run.seen).to.include('is not an IAM role ARN');
      expect(run.seen).not.to.include(SECRET);
    }
    expect(logged.join('\n')).not.to.include(SECRET);
  });

  it('masks them in the errors that quote a bad value', async () => {
    const { h, logged } = harness();
    for (const cell of [
      `%region https://user:${SECRET}@example.com`,
      `%endpoint ftp://user:${SECRET}@example.com`,
      `%%configure\n{'idle_timeout': 'db_password=${SECRET}'}`,
    ]) {
      const run = await h.run(cell);
      expect(run.outcome.status).to.equal('error');
      expect(run.seen).not.to.include(SECRET);
    }
    expect(logged.join('\n')).not.to.include(SECRET);
  });
});
