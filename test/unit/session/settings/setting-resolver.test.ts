import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingResolver } from '../../../../src/session/settings/setting-resolver.js';
import {
  knownProfiles,
  sharedConfigFileLoader,
  type SharedConfigSnapshot,
} from '../../../../src/session/settings/shared-config-loader.js';
import { KernelError } from '../../../../src/errors.js';

const EMPTY: SharedConfigSnapshot = { configFile: {}, credentialsFile: {} };

describe('SettingResolver: magics > environment > config file > defaults', () => {
  const file: SharedConfigSnapshot = {
    configFile: {
      default: {
        region: 'eu-west-1',
        glue_role_arn: 'arn:aws:iam::111111111111:role/FromFile',
        glue_tags: '{"team":"file","cost":"c"}',
      },
      dev: {
        region: 'us-west-2',
        glue_iam_role: 'arn:aws:iam::111111111111:role/Dev',
        glue_idle_timeout: '30',
      },
    },
    credentialsFile: {},
  };

  it('takes each value from the first source that has it and says which', () => {
    const r = new SettingResolver({ glue_worker_type: 'G.2X' }, () => file);
    expect(r.resolve({ workerType: 'G.1X' }, 'workerType')).to.deep.equal({
      value: 'G.1X',
      source: 'magic',
    });
    expect(r.resolve({}, 'workerType')).to.deep.equal({ value: 'G.2X', source: 'environment' });
    expect(r.resolve({}, 'region')).to.deep.equal({ value: 'eu-west-1', source: 'config-file' });
    expect(r.resolve({}, 'glueVersion')).to.deep.equal({ value: '4.0', source: 'default' });
    expect(r.resolve({}, 'sessionType')).to.deep.equal({ value: 'etl', source: 'default' });
    expect(r.resolve({}, 'numberOfWorkers')).to.equal(undefined);
  });

  const envCases: [Record<string, string>, string, unknown][] = [
    [
      { glue_role_arn: 'arn:aws:iam::111111111111:role/a' },
      'iamRole',
      'arn:aws:iam::111111111111:role/a',
    ],
    [
      { glue_iam_role: 'arn:aws:iam::111111111111:role/b' },
      'iamRole',
      'arn:aws:iam::111111111111:role/b',
    ],
    [
      { GLUE_ROLE_ARN: 'arn:aws:iam::111111111111:role/c' },
      'iamRole',
      'arn:aws:iam::111111111111:role/c',
    ],
    [{ region: 'EU-CENTRAL-1' }, 'region', 'eu-central-1'],
    [{ AWS_REGION: 'us-east-2' }, 'region', 'us-east-2'],
    [{ glue_region: 'ap-south-1' }, 'region', 'ap-south-1'],
    [{ AWS_DEFAULT_REGION: 'sa-east-1' }, 'region', 'sa-east-1'],
    [{ AWS_PROFILE: 'dev' }, 'profile', 'dev'],
    [{ AWS_ENDPOINT_URL_GLUE: 'http://127.0.0.1:9' }, 'endpoint', 'http://127.0.0.1:9'],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:8' }, 'endpoint', 'http://127.0.0.1:8'],
    [{ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:7' }, 'stsEndpoint', 'http://127.0.0.1:7'],
    [{ glue_job_type: 'gluestreaming' }, 'sessionType', 'streaming'],
    [{ glue_session_type: 'ETL' }, 'sessionType', 'etl'],
    [{ glue_version: '5.0' }, 'glueVersion', '5.0'],
    [{ glue_idle_timeout: '60' }, 'idleTimeout', 60],
    [{ GLUE_NUMBER_OF_WORKERS: '10' }, 'numberOfWorkers', 10],
    [{ glue_max_capacity: '2.5' }, 'maxCapacity', 2.5],
    [{ glue_connections: '[a, b]' }, 'connections', ['a', 'b']],
    [
      { glue_extra_py_files: 's3://x/a.py,s3://x/b.py' },
      'extraPyFiles',
      ['s3://x/a.py', 's3://x/b.py'],
    ],
    [{ spark_conf: 'spark.a=b --conf spark.c=d' }, 'sparkConf', 'spark.a=b --conf spark.c=d'],
    [{ session_id: 'my-id' }, 'sessionId', 'my-id'],
    [{ session_id_prefix: 'team' }, 'sessionIdPrefix', 'team'],
  ];
  for (const [env, key, value] of envCases) {
    it(`reads ${key} from environment ${Object.keys(env)[0]}`, () => {
      const r = new SettingResolver(env, () => EMPTY);
      expect(r.resolve({}, key as never)).to.deep.equal({ value, source: 'environment' });
    });
  }

  it('reads the section of the chosen profile', () => {
    const r = new SettingResolver({ AWS_PROFILE: 'dev' }, () => file);
    expect(r.resolve({}, 'region')!.value).to.equal('us-west-2');
    expect(r.resolve({}, 'iamRole')!.value).to.equal('arn:aws:iam::111111111111:role/Dev');
    expect(r.resolve({}, 'idleTimeout')).to.deep.equal({ value: 30, source: 'config-file' });
    expect(r.resolve({ profile: 'default' }, 'region')!.value).to.equal('eu-west-1');
  });

  it('merges tags lowest priority first: file, environment, magics', () => {
    const r = new SettingResolver({ glue_tags: '{"team":"env","env":"e"}' }, () => file);
    expect(r.resolve({ tags: { team: 'magic' } }, 'tags')).to.deep.equal({
      value: { team: 'magic', cost: 'c', env: 'e' },
      source: 'magic',
    });
  });

  it('derives the STS endpoint from a local Glue endpoint', () => {
    const r = new SettingResolver({}, () => EMPTY);
    expect(r.resolve({ endpoint: 'http://127.0.0.1:4566' }, 'stsEndpoint')).to.deep.equal({
      value: 'http://127.0.0.1:4566',
      source: 'derived',
    });
    expect(r.resolve({ endpoint: 'https://glue.example.com' }, 'stsEndpoint')).to.equal(undefined);
  });

  it('rejects a bad environment value with the variable named', () => {
    const r = new SettingResolver({ glue_idle_timeout: 'soon' }, () => EMPTY);
    expect(() => r.resolve({}, 'idleTimeout')).to.throw(KernelError, /glue_idle_timeout is 'soon'/);
    const t = new SettingResolver({ glue_tags: 'team=x' }, () => EMPTY);
    expect(() => t.resolve({}, 'tags')).to.throw(
      KernelError,
      /glue_tags is 'team=x': tags must be a JSON object/,
    );
  });

  it('uses request_origin from the environment, else the kernel default', () => {
    expect(
      new SettingResolver({ request_origin: 'MyOrigin' }, () => EMPTY).requestOrigin(
        'GluePySparkKernel',
      ),
    ).to.equal('MyOrigin');
    expect(new SettingResolver({}, () => EMPTY).requestOrigin('GluePySparkKernel')).to.equal(
      'GluePySparkKernel',
    );
  });
});

describe('sharedConfigFileLoader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'glue-kernel-config-'));
    writeFileSync(
      join(dir, 'config'),
      '[default]\nregion = us-east-1\n\n[profile analytics]\nregion = eu-west-1\nglue_role_arn = arn:aws:iam::222222222222:role/R\n\n[sso-session corp]\nsso_region = us-east-1\n',
    );
    writeFileSync(
      join(dir, 'credentials'),
      '[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = not-a-real-secret\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the files named by AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
    const load = sharedConfigFileLoader({
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    });
    const snapshot = await load();
    expect(knownProfiles(snapshot)).to.deep.equal(['analytics', 'ci', 'default']);
    const r = new SettingResolver({}, () => snapshot);
    expect(r.resolve({ profile: 'analytics' }, 'iamRole')).to.deep.equal({
      value: 'arn:aws:iam::222222222222:role/R',
      source: 'config-file',
    });
  });
});
