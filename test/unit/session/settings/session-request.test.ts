import { expect } from 'chai';
import { KernelError } from '../../../../src/errors.js';
import { freezeSessionConfig } from '../../../../src/session/settings/frozen-session-config.js';
import {
  buildSessionRequest,
  creationSummary,
  sessionIdFor,
} from '../../../../src/session/settings/create-session-request.js';
import type { SessionKind, SessionSettings } from '../../../../src/session/session-service.js';
import { SettingResolver } from '../../../../src/session/settings/setting-resolver.js';

const ROLE = 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog';

function configOf(
  settings: SessionSettings,
  kind: SessionKind = 'pyspark',
  env: Record<string, string> = {},
) {
  const resolver = new SettingResolver({ AWS_REGION: 'us-east-1', ...env }, () => undefined);
  return freezeSessionConfig({
    kind,
    requestOrigin: resolver.requestOrigin(
      kind === 'scala' ? 'GlueSparkKernel' : 'GluePySparkKernel',
    ),
    resolve: (k) => resolver.resolve(settings, k),
  });
}

describe('CreateSession input from settings', () => {
  it('maps every setting to its field', () => {
    const config = configOf({
      iamRole: ROLE,
      idleTimeout: 2880,
      timeout: 600,
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 5,
      securityConfig: 'sec',
      connections: ['session_vpc'],
      additionalPythonModules: ['a==1', 'b'],
      extraPyFiles: ['s3://b/x.py'],
      extraJars: ['s3://b/x.jar'],
      sparkConf: 'spark.a=b',
      tags: { team: 'analytics' },
      extraArguments: { 'enable-auto-scaling': 'true', '--enable-glue-datacatalog': 'false' },
    });
    const r = buildSessionRequest(config, { id: 'sid', ownerUserId: 'AROA1:glue,kernel' });
    expect(r).to.deep.equal({
      id: 'sid',
      role: ROLE,
      command: { name: 'glueetl', pythonVersion: '3' },
      defaultArguments: {
        '--glue_kernel_version': '1.0.9',
        '--enable-glue-datacatalog': 'false',
        '--additional-python-modules': 'a==1,b',
        '--extra-py-files': 's3://b/x.py',
        '--extra-jars': 's3://b/x.jar',
        '--conf': 'spark.a=b',
        '--enable-auto-scaling': 'true',
      },
      glueVersion: '4.0',
      requestOrigin: 'GluePySparkKernel',
      workerType: 'G.1X',
      numberOfWorkers: 5,
      idleTimeout: 2880,
      timeout: 600,
      securityConfiguration: 'sec',
      connections: ['session_vpc'],
      tags: { team: 'analytics', owner: 'AROA1:gluekernel' },
    });
  });

  it('keeps an owner tag the user set', () => {
    const r = buildSessionRequest(configOf({ iamRole: ROLE, tags: { owner: 'me' } }), {
      id: 'x',
      ownerUserId: 'AIDA',
    });
    expect(r.tags).to.deep.equal({ owner: 'me' });
  });

  it('asks for a Scala session from the Spark kernel, and streaming when set', () => {
    const r = buildSessionRequest(configOf({ iamRole: ROLE, sessionType: 'streaming' }, 'scala'), {
      id: 'x',
    });
    expect(r.defaultArguments['--session-language']).to.equal('scala');
    expect(r.command.name).to.equal('gluestreaming');
    expect(r.requestOrigin).to.equal('GlueSparkKernel');
  });

  it('refuses max capacity together with workers, before calling AWS', () => {
    expect(() =>
      buildSessionRequest(configOf({ iamRole: ROLE, maxCapacity: 2, numberOfWorkers: 5 }), {
        id: 'x',
      }),
    ).to.throw(KernelError, /max capacity and a worker type/);
    const r = buildSessionRequest(configOf({ iamRole: ROLE, maxCapacity: 2 }), { id: 'x' });
    expect(r.maxCapacity).to.equal(2);
    expect(r).to.not.have.property('numberOfWorkers');
  });

  it('checks the service limits locally', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(() =>
      buildSessionRequest(configOf({ iamRole: ROLE, tags: many }), { id: 'x' }),
    ).to.throw(/at most 50/);
    expect(() =>
      buildSessionRequest(configOf({ iamRole: ROLE, tags: { ['k'.repeat(129)]: 'v' } }), {
        id: 'x',
      }),
    ).to.throw(/1-128/);
    expect(() =>
      buildSessionRequest(configOf({ iamRole: ROLE, tags: { k: 'v'.repeat(257) } }), { id: 'x' }),
    ).to.throw(/256/);
    const args = Object.fromEntries(Array.from({ length: 74 }, (_, i) => [`--a${i}`, 'v']));
    expect(() =>
      buildSessionRequest(configOf({ iamRole: ROLE, extraArguments: args }), { id: 'x' }),
    ).to.throw(/at most 75/);
    expect(() =>
      buildSessionRequest(configOf({ iamRole: 'AWSGlueServiceRole' }), { id: 'x' }),
    ).to.throw(/not an IAM role ARN/);
  });

  it('explains how to set a role when none is found', () => {
    try {
      configOf({});
      expect.fail('expected a config error');
    } catch (err) {
      expect((err as KernelError).kind).to.equal('config');
      expect((err as KernelError).hint)
        .to.include('%iam_role')
        .and.include('glue_role_arn');
    }
  });

  it('builds ids from the prefix and a fresh or custom id', () => {
    expect(sessionIdFor(configOf({ iamRole: ROLE, sessionIdPrefix: 'team-a' }), 'uuid')).to.equal(
      'team-a-uuid',
    );
    expect(sessionIdFor(configOf({ iamRole: ROLE, sessionId: 'mine' }), 'uuid')).to.equal('mine');
    expect(sessionIdFor(configOf({ iamRole: ROLE }), 'uuid')).to.equal('uuid');
    expect(() =>
      sessionIdFor(configOf({ iamRole: ROLE, sessionIdPrefix: 'bad prefix' }), 'u'),
    ).to.throw(/characters/);
  });

  it('summarises what will be requested, saying which defaults applied', () => {
    const config = configOf({ iamRole: ROLE, workerType: 'G.1X', numberOfWorkers: 5 });
    const lines = creationSummary(config, buildSessionRequest(config, { id: 'sid' }));
    expect(lines).to.include.members([
      'Session Type: etl (default)',
      'Glue Version: 4.0 (default)',
      'Worker Type: G.1X',
      'Session ID: sid',
      '--enable-glue-datacatalog true',
    ]);
  });
});
