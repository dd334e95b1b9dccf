import { expect } from 'chai';
import { createMagicRegistry } from '../../../src/magics/registry.js';
import { sqlStatementCode, readSqlOutput, SQL_RESULT_MARKER } from '../../../src/magics/sql.js';
import { thrownKernelError } from '../../support/interpreter-expect.js';

const registry = createMagicRegistry();
const parse = (name: string, kind: 'line' | 'cell', arg: string, body?: string): unknown =>
  registry.get(name, kind)!.parse(arg, body);
const patchOf = (name: string, kind: 'line' | 'cell', arg: string, body?: string): unknown => {
  const spec = registry.get(name, kind)!;
  return spec.patch?.(spec.parse(arg, body));
};

describe('magic parsing', () => {
  describe('%%assume_role', () => {
    const arn = 'arn:aws:iam::222222222222:role/GlueSessionCreationRole';
    it('accepts a quoted ARN, a bare ARN and a role dict', () => {
      expect(parse('assume_role', 'cell', '', `"${arn}"`)).to.deep.equal({
        action: 'assume',
        spec: { roleArn: arn },
      });
      expect(parse('assume_role', 'cell', '', `${arn}\n`)).to.deep.equal({
        action: 'assume',
        spec: { roleArn: arn },
      });
      expect(
        parse(
          'assume_role',
          'cell',
          '',
          `{'role_arn': '${arn}', 'duration': 3600, 'external_id': 'ext-1', 'session_name': 'me'}`,
        ),
      ).to.deep.equal({
        action: 'assume',
        spec: { roleArn: arn, durationSeconds: 3600, externalId: 'ext-1', sessionName: 'me' },
      });
      expect(parse('assume_role', 'cell', '--duration 1800', `'${arn}'`)).to.deep.equal({
        action: 'assume',
        spec: { roleArn: arn, durationSeconds: 1800 },
      });
    });
    it('reads quoted flag values as shlex does: --external-id="ext-1" is ext-1', () => {
      const flags = `--external-id="ext-1" --session-name 'me'`;
      expect(parse('assume_role', 'cell', flags, `'${arn}'`)).to.deep.equal({
        action: 'assume',
        spec: { roleArn: arn, externalId: 'ext-1', sessionName: 'me' },
      });
      expect(
        thrownKernelError(() => parse('assume_role', 'cell', '--external-id="ext-1', `'${arn}'`))
          .message,
      ).to.include('is never closed');
    });
    it('--clear goes back to the base credentials, as in the line form', () => {
      expect(parse('assume_role', 'cell', '--clear', '')).to.deep.equal({ action: 'clear' });
      expect(parse('assume_role', 'cell', '--clear', '\n  \n')).to.deep.equal({ action: 'clear' });
      expect(
        thrownKernelError(() => parse('assume_role', 'cell', '--clear', `'${arn}'`)).message,
      ).to.equal('--clear takes no role ARN, keys or options.');
      expect(
        thrownKernelError(() => parse('assume_role', 'cell', 'extra', `'${arn}'`)).message,
      ).to.include("Unexpected 'extra'");
    });
    it('accepts a dict of keys', () => {
      expect(
        parse(
          'assume_role',
          'cell',
          '',
          "{'aws_access_key_id': 'AKIAEXAMPLE', 'aws_secret_access_key': 'SECRETVALUE', 'aws_session_token': 'TOKENVALUE'}",
        ),
      ).to.deep.equal({
        action: 'static',
        keys: {
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: 'SECRETVALUE',
          sessionToken: 'TOKENVALUE',
        },
      });
    });
    it('never echoes the body in its errors', () => {
      const err1 = thrownKernelError(() =>
        parse(
          'assume_role',
          'cell',
          '',
          "{'aws_access_key_id': 'AKIAEXAMPLE', 'aws_secret_access_key': SECRETVALUE}",
        ),
      );
      expect(err1.message).to.include('could not be read at line 1, column');
      expect(err1.message).not.to.include('SECRETVALUE');
      const err2 = thrownKernelError(() =>
        parse('assume_role', 'cell', '', "{'aws_secret_access_key': 'SECRETVALUE', 'colour': 'x'}"),
      );
      expect(err2.message).to.include("Unknown key(s) 'colour'");
      expect(err2.message).not.to.include('SECRETVALUE');
      const err3 = thrownKernelError(() =>
        parse('assume_role', 'cell', '', "{'aws_secret_access_key': 'SECRETVALUE'}"),
      );
      expect(err3.message).not.to.include('SECRETVALUE');
    });
    it('rejects what is not a role', () => {
      expect(thrownKernelError(() => parse('assume_role', 'cell', '', '')).message).to.include(
        'needs a role ARN',
      );
      expect(
        thrownKernelError(() => parse('assume_role', 'cell', '', '"not-an-arn"')).message,
      ).to.include('is not an IAM role ARN');
      expect(thrownKernelError(() => parse('assume_role', 'cell', '', '[1]')).message).to.include(
        'must be a role ARN',
      );
    });
  });

  describe('%assume_role', () => {
    it('reads the ARN with flags, and --clear', () => {
      expect(
        parse(
          'assume_role',
          'line',
          'arn:aws:iam::222222222222:role/R --duration 900 --external-id abc --session-name nb',
        ),
      ).to.deep.equal({
        action: 'assume',
        spec: {
          roleArn: 'arn:aws:iam::222222222222:role/R',
          durationSeconds: 900,
          externalId: 'abc',
          sessionName: 'nb',
        },
      });
      expect(parse('assume_role', 'line', '--clear')).to.deep.equal({ action: 'clear' });
    });
    it('rejects bad durations and missing ARNs', () => {
      expect(
        thrownKernelError(() =>
          parse('assume_role', 'line', 'arn:aws:iam::222222222222:role/R --duration 60'),
        ).message,
      ).to.include('between 900 and 43200');
      expect(thrownKernelError(() => parse('assume_role', 'line', '')).message).to.equal(
        'A role ARN is required.',
      );
      expect(
        thrownKernelError(() =>
          parse('assume_role', 'line', '--clear arn:aws:iam::222222222222:role/R'),
        ).message,
      ).to.include('--clear takes no role ARN');
    });
  });

  describe('%%tags', () => {
    it('reads Python and JSON dicts into a tags patch', () => {
      expect(
        patchOf('tags', 'cell', '', "{'team':'analytics', 'billing':'Data-Platform'}"),
      ).to.deep.equal({
        tags: { team: 'analytics', billing: 'Data-Platform' },
      });
      expect(patchOf('tags', 'cell', '', '{"team": "analytics"}')).to.deep.equal({
        tags: { team: 'analytics' },
      });
    });
    it('enforces the tag limits', () => {
      const many = `{${Array.from({ length: 51 }, (_v, i) => `'k${i}': 'v'`).join(', ')}}`;
      expect(thrownKernelError(() => parse('tags', 'cell', '', many)).message).to.include(
        'at most 50',
      );
      expect(
        thrownKernelError(() => parse('tags', 'cell', '', `{'${'k'.repeat(129)}': 'v'}`)).message,
      ).to.include('longer than 128');
      expect(
        thrownKernelError(() => parse('tags', 'cell', '', `{'k': '${'v'.repeat(257)}'}`)).message,
      ).to.include('longer than 256');
      expect(thrownKernelError(() => parse('tags', 'cell', '', "{'team': 5}")).message).to.include(
        'must be a string',
      );
      expect(thrownKernelError(() => parse('tags', 'cell', '', '')).message).to.include(
        'needs a dict',
      );
    });
  });

  describe('%%configure', () => {
    it('maps known keys, validates them, and turns other keys into --arguments', () => {
      expect(
        patchOf(
          'configure',
          'cell',
          '',
          "{'worker_type': 'g.1x', 'number_of_workers': 5, 'idle_timeout': '60', 'connections': 'a,b', 'tags': {'t': 'v'}, 'enable-auto-scaling': 'true', '--job-bookmark-option': True}",
        ),
      ).to.deep.equal({
        workerType: 'G.1X',
        numberOfWorkers: 5,
        idleTimeout: 60,
        connections: ['a', 'b'],
        tags: { t: 'v' },
        enableAutoScaling: 'true',
        extraArguments: { '--job-bookmark-option': 'True' },
      });
      expect(
        patchOf(
          'configure',
          'cell',
          '',
          '{"session_type": "gluestreaming", "glue_version": "5.0"}',
        ),
      ).to.deep.equal({
        sessionType: 'streaming',
        glueVersion: '5.0',
      });
    });
    it('validates endpoint like %endpoint', () => {
      expect(
        thrownKernelError(() => parse('configure', 'cell', '', '{"endpoint": "foo"}')).message,
      ).to.equal("endpoint: 'foo' is not an endpoint URL (http:// or https://) nor 'local'.");
      expect(patchOf('configure', 'cell', '', '{"endpoint": "local"}')).to.deep.equal({
        endpoint: 'local',
      });
    });
    it('reads -f and an empty body', () => {
      expect(parse('configure', 'cell', '-f', '')).to.deep.include({ force: true, given: {} });
      expect(parse('configure', 'cell', '--force', '{}')).to.deep.include({ force: true });
    });
    it('refuses at once a default argument Glue would refuse (so no later session fails on it)', () => {
      for (const [body, text] of [
        ['{"ö x": 1}', "The argument name '--ö x' is not accepted by Glue"],
        [
          `{"${'k'.repeat(130)}": 1}`,
          'is not accepted by Glue (letters, digits, . - _; at most 128)',
        ],
        [
          `{"--job-x": "${'v'.repeat(4097)}"}`,
          "The value of argument '--job-x' is longer than 4096",
        ],
      ]) {
        const err = thrownKernelError(() => parse('configure', 'cell', '', body));
        expect(err.ename).to.equal('UsageError');
        expect(err.message).to.include(text);
      }
      expect(patchOf('configure', 'cell', '', '{"job-x.y_z": 1}')).to.deep.equal({
        extraArguments: { '--job-x.y_z': '1' },
      });
    });
    it('refuses credentials without echoing them', () => {
      const err = thrownKernelError(() =>
        parse('configure', 'cell', '', "{'aws_secret_access_key': 'TOPSECRET'}"),
      );
      expect(err.message).to.include('looks like a credential');
      expect(err.message).not.to.include('TOPSECRET');
      expect(err.hint).to.include('%%assume_role');
    });
    it('refuses Spark settings that hold credentials, naming the setting but not its value', () => {
      for (const body of [
        "{'--conf': 'spark.hadoop.fs.s3a.secret.key=TOPSECRET'}",
        "{'conf': 'spark.a=1 --conf spark.hadoop.fs.s3a.session.token=TOPSECRET'}",
        '{"spark_conf": "spark.hadoop.fs.s3a.access.key=TOPSECRET"}',
      ]) {
        const err = thrownKernelError(() => parse('configure', 'cell', '', body));
        expect(err.message).to.match(
          /The Spark setting 'spark\.hadoop\.fs\.s3a\.[a-z.]+' holds a credential/,
        );
        expect(`${err.message} ${err.hint ?? ''}`).not.to.include('TOPSECRET');
        expect(err.hint).to.include('%%assume_role');
      }
      expect(
        patchOf('configure', 'cell', '', "{'--conf': 'spark.sql.shuffle.partitions=8'}"),
      ).to.deep.equal({ extraArguments: { '--conf': 'spark.sql.shuffle.partitions=8' } });
    });
    it('names the bad key', () => {
      expect(
        thrownKernelError(() => parse('configure', 'cell', '', "{'idle_timeout': 'soon'}")).message,
      ).to.equal("idle_timeout: 'soon' is not a whole number (idle timeout in minutes).");
      expect(
        thrownKernelError(() =>
          parse('configure', 'cell', '', "{'max_capacity': 2, 'number_of_workers': 3}"),
        ).message,
      ).to.include('not both');
      expect(thrownKernelError(() => parse('configure', 'cell', '-x', '{}')).message).to.include(
        "Unknown flag '-x'",
      );
    });
  });

  describe('line magics', () => {
    it('set their setting', () => {
      expect(patchOf('idle_timeout', 'line', '2880')).to.deep.equal({ idleTimeout: 2880 });
      expect(patchOf('glue_version', 'line', '4.0')).to.deep.equal({ glueVersion: '4.0' });
      expect(patchOf('worker_type', 'line', 'G.1X')).to.deep.equal({ workerType: 'G.1X' });
      expect(patchOf('number_of_workers', 'line', '5')).to.deep.equal({ numberOfWorkers: 5 });
      expect(
        patchOf('iam_role', 'line', 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog'),
      ).to.deep.equal({
        iamRole: 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
      });
      expect(patchOf('connections', 'line', 'session_vpc')).to.deep.equal({
        connections: ['session_vpc'],
      });
      expect(patchOf('region', 'line', "'EU-WEST-1'")).to.deep.equal({ region: 'eu-west-1' });
      expect(patchOf('endpoint', 'line', 'local')).to.deep.equal({ endpoint: 'local' });
      expect(patchOf('streaming', 'line', '')).to.deep.equal({ sessionType: 'streaming' });
      expect(patchOf('session_type', 'line', 'glueetl')).to.deep.equal({ sessionType: 'etl' });
      expect(patchOf('spark_conf', 'line', 'spark.a=1 --conf spark.b=2')).to.deep.equal({
        sparkConf: 'spark.a=1 --conf spark.b=2',
      });
      expect(patchOf('spark_conf', 'line', '')).to.deep.equal({});
      expect(patchOf('spark_conf', 'line', '"spark.a=1"')).to.deep.equal({
        sparkConf: 'spark.a=1',
      });
      expect(patchOf('spark_conf', 'line', "'spark.a=1 --conf spark.b=2'")).to.deep.equal({
        sparkConf: 'spark.a=1 --conf spark.b=2',
      });
    });
    it('%spark_conf refuses a credential without showing it, even written oddly', () => {
      for (const arg of [
        'spark.hadoop.fs.s3a.secret.key=TOPSECRET',
        'spark.a=1 --conf fs.azure.account.key.acct.dfs.core.windows.net=TOPSECRET',
        'spark.hadoop.javax.jdo.option.ConnectionPassword= TOPSECRET',
      ]) {
        const err = thrownKernelError(() => parse('spark_conf', 'line', arg));
        expect(err.message).to.include('holds a credential');
        expect(`${err.message} ${err.hint ?? ''}`).not.to.include('TOPSECRET');
      }
    });
    it('reject bad values', () => {
      expect(thrownKernelError(() => parse('endpoint', 'line', 'glue.example')).message).to.include(
        'is not an endpoint URL',
      );
      expect(thrownKernelError(() => parse('session_type', 'line', 'ray')).message).to.include(
        "'ray' is not a session type",
      );
      expect(thrownKernelError(() => parse('spark_conf', 'line', 'spark.a')).message).to.include(
        'KEY=VALUE',
      );
      expect(thrownKernelError(() => parse('status', 'line', 'now')).message).to.include(
        'takes no argument',
      );
      expect(thrownKernelError(() => parse('reconnect', 'line', '')).message).to.equal(
        'A session id is required.',
      );
      expect(thrownKernelError(() => parse('matplot', 'line', 'plt()')).message).to.include(
        'is not a variable name',
      );
      expect(
        thrownKernelError(() => parse('list_sessions', 'line', '--tags team')).message,
      ).to.include('key=value');
      expect(thrownKernelError(() => parse('list_sessions', 'line', '--max 0')).message).to.include(
        'at least 1',
      );
    });
    it('%list_sessions merges repeated --tags and keeps quoted values with blanks', () => {
      expect(parse('list_sessions', 'line', '--tags a=1 --tags b=2 --max 5')).to.deep.equal({
        tags: { a: '1', b: '2' },
        max: 5,
      });
      expect(parse('list_sessions', 'line', "--tags 'team=x,billing=Data Platform'")).to.deep.equal(
        { tags: { team: 'x', billing: 'Data Platform' } },
      );
    });
  });

  describe('%%sql', () => {
    it('reads -n and the query', () => {
      expect(parse('sql', 'cell', '-n 5', 'SELECT 1\n')).to.deep.equal({
        query: 'SELECT 1',
        rows: 5,
      });
      expect(parse('sql', 'cell', '', 'SELECT 1')).to.deep.equal({ query: 'SELECT 1', rows: 20 });
      expect(thrownKernelError(() => parse('sql', 'cell', '-n x', 'SELECT 1')).message).to.include(
        "'x' is not a whole number",
      );
      expect(thrownKernelError(() => parse('sql', 'cell', '', '  ')).message).to.include(
        'needs a query',
      );
    });
    it('generates Python that quotes the query safely', () => {
      const code = sqlStatementCode('SELECT """x""" AS q, \'\\\\\' AS b', 20, 'pyspark');
      expect(code).to.include('spark.sql("SELECT \\"\\"\\"x\\"\\"\\" AS q, \'\\\\\\\\\' AS b")');
      expect(code).to.include('limit(21)');
      expect(code).to.include(SQL_RESULT_MARKER);
    });
    it('generates Scala for the Spark kernel', () => {
      const code = sqlStatementCode('SELECT "a"', 5, 'scala');
      expect(code).to.include('val __gk_df = spark.sql("SELECT \\"a\\"")');
      expect(code).to.include('limit(6).toJSON.collect()');
      expect(code).to.include(`println("${SQL_RESULT_MARKER}"`);
      expect(code).not.to.include('import json');
    });
    it('reads the marked result and keeps what was printed before', () => {
      const text = `warning: x\n${SQL_RESULT_MARKER}{"columns": ["a", "b"], "rows": [[1, "x"]], "total": 7}\n`;
      expect(readSqlOutput(text)).to.deep.equal({
        printed: 'warning: x\n',
        result: { columns: ['a', 'b'], rows: [[1, 'x']], total: 7 },
      });
      expect(readSqlOutput('plain')).to.deep.equal({ printed: 'plain' });
      const scala = `${SQL_RESULT_MARKER}{"columns":["a","b"],"objects":[{"a":1}],"total":1}`;
      expect(readSqlOutput(scala).result).to.deep.equal({
        columns: ['a', 'b'],
        rows: [[1, null]],
        total: 1,
      });
    });
  });
});
