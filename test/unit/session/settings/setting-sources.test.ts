import { expect } from 'chai';
import { KernelError } from '../../../../src/errors.js';
import { createMagicRegistry } from '../../../../src/magics/registry.js';
import type { SessionSettings } from '../../../../src/session/session-service.js';
import { buildSessionRequest } from '../../../../src/session/settings/create-session-request.js';
import { freezeSessionConfig } from '../../../../src/session/settings/frozen-session-config.js';
import {
  SETTING_KEYS,
  settingRow,
  type SettingKey,
} from '../../../../src/session/settings/setting-registry.js';
import { SettingResolver } from '../../../../src/session/settings/setting-resolver.js';
import type { SharedConfigSnapshot } from '../../../../src/session/settings/shared-config-loader.js';

/**
 * Every row of the settings registry, set from each of its sources (its line magic, its
 * %%configure key, each environment variable, each config-file key), gives the same resolved
 * value, the same frozen value and the same CreateSession request; and a bad value is refused by
 * every source. A new row without a sample here fails the first test.
 */

const ROLE = 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-notebooks';
const magics = createMagicRegistry();

interface Sample {
  /** The value as a user types it after the magic, in %%configure, the environment or the file. */
  raw: string;
  /** What every source resolves it to. */
  value: unknown;
  /** Settings the request needs besides this one (Glue takes worker type and count together). */
  with?: SessionSettings;
}

const SAMPLES: Record<SettingKey, Sample | 'no textual source'> = {
  profile: { raw: 'analytics-dev', value: 'analytics-dev' },
  region: { raw: 'EU-WEST-1', value: 'eu-west-1' },
  endpoint: { raw: 'http://127.0.0.1:9', value: 'http://127.0.0.1:9' },
  stsEndpoint: { raw: 'http://127.0.0.1:7', value: 'http://127.0.0.1:7' },
  localAccounts: { raw: '/tmp/accounts.json', value: '/tmp/accounts.json' },
  iamRole: { raw: ROLE, value: ROLE },
  sessionType: { raw: 'GlueStreaming', value: 'streaming' },
  glueVersion: { raw: '5.0', value: '5.0' },
  workerType: { raw: 'g.2x', value: 'G.2X', with: { numberOfWorkers: 2 } },
  numberOfWorkers: { raw: '3', value: 3, with: { workerType: 'G.1X' } },
  maxCapacity: { raw: '2.5', value: 2.5 },
  idleTimeout: { raw: '60', value: 60 },
  timeout: { raw: '480', value: 480 },
  securityConfig: { raw: 'encrypted', value: 'encrypted' },
  connections: { raw: '[session_vpc, other]', value: ['session_vpc', 'other'] },
  additionalPythonModules: { raw: 'pandas==2.2.2,polars', value: ['pandas==2.2.2', 'polars'] },
  extraPyFiles: { raw: 's3://b/a.py,s3://b/b.py', value: ['s3://b/a.py', 's3://b/b.py'] },
  extraJars: { raw: 's3://b/x.jar', value: ['s3://b/x.jar'] },
  sparkConf: { raw: 'spark.a=b --conf spark.c=d', value: 'spark.a=b --conf spark.c=d' },
  enableAutoScaling: {
    raw: 'TRUE',
    value: 'true',
    with: { workerType: 'G.1X', numberOfWorkers: 10 },
  },
  sessionIdPrefix: { raw: 'team-a', value: 'team-a' },
  sessionId: { raw: 'my-session', value: 'my-session' },
  tags: { raw: '{"team": "analytics"}', value: { team: 'analytics' } },
  extraArguments: 'no textual source',
};

/** Bad values, each refused by every source of its setting. */
const BAD: Partial<Record<SettingKey, string>> = {
  region: 'nowhere',
  iamRole: 'GlueRole',
  numberOfWorkers: '1.0',
  idleTimeout: 'soon',
  maxCapacity: '-1',
  glueVersion: 'four',
  sessionType: 'ray',
  connections: 'a,,b',
  enableAutoScaling: 'yes',
  sparkConf: 'spark.a',
  tags: '["team"]',
};

/** One way to set a setting; `set()` reads the value as that source would (it may throw). */
interface Source {
  name: string;
  set(): { overrides: SessionSettings; env: Record<string, string>; file: Record<string, string> };
}

/** Each way the row can be set, with `raw` as the value. */
function sourcesOf(key: SettingKey, raw: string): Source[] {
  const row = settingRow(key);
  const sources: Source[] = [];
  const none = { env: {}, file: {} };
  const magic = row.magic;
  if (magic !== undefined && magics.get(magic, 'line') !== undefined) {
    sources.push({
      name: `%${magic}`,
      set: () => ({ overrides: patchOf(magic, 'line', raw), ...none }),
    });
  }
  for (const configureKey of row.configure ?? []) {
    const literal = row.configureShape === 'dict' ? raw : JSON.stringify(raw);
    const body = `{${JSON.stringify(configureKey)}: ${literal}}`;
    sources.push({
      name: `%%configure ${configureKey}`,
      set: () => ({ overrides: patchOf('configure', 'cell', '', body), ...none }),
    });
  }
  for (const name of row.env)
    sources.push({
      name: `env ${name}`,
      set: () => ({ overrides: {}, env: { [name]: raw }, file: {} }),
    });
  for (const name of row.file)
    sources.push({
      name: `config ${name}`,
      set: () => ({ overrides: {}, env: {}, file: { [name]: raw } }),
    });
  return sources;
}

function patchOf(name: string, kind: 'line' | 'cell', arg: string, body?: string): SessionSettings {
  const spec = magics.get(name, kind)!;
  return (spec.patch?.(spec.parse(arg, body) as never) ?? {}) as SessionSettings;
}

function resolverFor(set: ReturnType<Source['set']>): SettingResolver {
  const snapshot: SharedConfigSnapshot = { configFile: { default: set.file }, credentialsFile: {} };
  return new SettingResolver(set.env, () => snapshot);
}

describe('settings registry: every source of a setting reads it the same way', () => {
  it('has a sample for every row', () => {
    expect(Object.keys(SAMPLES).sort()).to.deep.equal([...SETTING_KEYS].sort());
  });

  for (const key of SETTING_KEYS) {
    const sample = SAMPLES[key];
    if (sample === 'no textual source') continue;
    const row = settingRow(key);
    it(`${key}: each source gives ${JSON.stringify(sample.value)}, the same frozen value and request`, () => {
      const sources = sourcesOf(key, sample.raw);
      expect(sources.length, 'a row with no source').to.be.greaterThan(0);
      const requests = sources.map((source) => {
        const set = source.set();
        const resolver = resolverFor(set);
        const base: SessionSettings = { region: 'us-east-1', iamRole: ROLE, ...sample.with };
        delete base[key];
        const overrides = { ...base, ...set.overrides };
        expect(resolver.resolve(overrides, key)?.value, source.name).to.deep.equal(sample.value);
        if (row.createSession === undefined) return undefined;
        const config = freezeSessionConfig({
          kind: 'pyspark',
          requestOrigin: 'GluePySparkKernel',
          resolve: (k) => resolver.resolve(overrides, k),
        });
        expect(config.settings[key], source.name).to.deep.equal(sample.value);
        const request = buildSessionRequest(config, { id: 'fresh' });
        const target = row.createSession;
        if ('field' in target)
          expect(request[target.field], source.name).to.deep.equal(sample.value);
        if ('argument' in target) {
          const text = Array.isArray(sample.value) ? sample.value.join(',') : String(sample.value);
          expect(request.defaultArguments[target.argument], source.name).to.equal(text);
        }
        return { name: source.name, request };
      });
      for (const r of requests.slice(1))
        expect(r?.request, r?.name).to.deep.equal(requests[0]?.request);
    });
  }

  for (const [key, raw] of Object.entries(BAD) as [SettingKey, string][]) {
    it(`${key}: '${raw}' is refused by every source, with a hint`, () => {
      for (const source of sourcesOf(key, raw)) {
        let thrown: unknown;
        try {
          const set = source.set();
          resolverFor(set).resolve(set.overrides, key);
        } catch (err) {
          thrown = err;
        }
        expect(thrown, source.name).to.be.instanceOf(KernelError);
        const err = thrown as KernelError;
        expect(['usage', 'config'], source.name).to.include(err.kind);
        if (err.kind === 'config') expect(err.hint ?? '', source.name).not.to.equal('');
      }
    });
  }
});
