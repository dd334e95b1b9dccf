import { skipUnlessAvailable } from '../support/venv.js';
import { expect } from 'chai';
import { SdkCredentialBroker } from '../../src/session/aws/sdk-credential-broker.js';
import { SdkGlueGateway, sdkGlueGateways } from '../../src/session/aws/sdk-glue-gateway.js';
import { SessionController } from '../../src/session/lifecycle/session-controller.js';
import { staticCredentials } from '../../src/session/aws/aws-credentials.js';
import { KernelError } from '../../src/errors.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { motoAvailable, startMotoServer, type MotoServer } from '../support/moto-server.js';
import { RecordingObserver } from '../support/session-harness.js';

/**
 * The real SDK over HTTP against moto (an independent emulator): what SessionController sends
 * through SdkGlueGateway is what moto stores, reads back with GetSession/GetTags/ListSessions.
 */
const MOTO_ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/AWSGlueServiceRole-blog`;
const KEYS = { accessKeyId: 'AKIAMOTOTESTING', secretAccessKey: 'moto-testing-secret' };

describe('SessionController through the AWS SDK against moto', function () {
  this.timeout(60_000);
  let moto: MotoServer | undefined;

  before(async function () {
    skipUnlessAvailable(this, motoAvailable(), 'moto_server in the venv');
    moto = await startMotoServer();
  });

  after(async () => {
    await moto?.stop();
  });

  function controller(): SessionController {
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_GLUE: moto!.url,
      AWS_ENDPOINT_URL_STS: moto!.url,
    };
    return new SessionController({
      kind: 'pyspark',
      env,
      loadSharedConfig: async () => ({ configFile: {}, credentialsFile: {} }),
      broker: new SdkCredentialBroker(env),
      gateways: sdkGlueGateways(silentLogger),
      clock: systemClock,
      newId: () => `moto-${Math.random().toString(16).slice(2)}`,
      logger: silentLogger,
    });
  }

  function directGateway(): SdkGlueGateway {
    return new SdkGlueGateway({
      region: 'us-east-1',
      endpoint: moto!.url,
      credentials: staticCredentials(KEYS),
    });
  }

  it('creates the session with the requested settings, tags and arguments', async () => {
    const c = controller();
    await c.useStaticCredentials(KEYS);
    c.applySettings({
      iamRole: ROLE,
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 5,
      idleTimeout: 2880,
      connections: ['session_vpc'],
      tags: { team: 'analytics', billing: 'Data-Platform' },
      additionalPythonModules: ['pandas==2.2.0'],
      extraArguments: { '--enable-auto-scaling': 'true' },
      sessionType: 'streaming',
    });
    const observer = new RecordingObserver();
    const info = await c.ensureSession(observer, new AbortController().signal);
    expect(info.status).to.equal('READY');

    const seen = await directGateway().send('GetSession', { id: info.id });
    expect(seen.role).to.equal(ROLE);
    expect(seen.command).to.deep.equal({ name: 'gluestreaming', pythonVersion: '3' });
    expect(seen.glueVersion).to.equal('4.0');
    expect(seen.connections).to.deep.equal(['session_vpc']);
    expect(seen.defaultArguments).to.include({
      '--enable-glue-datacatalog': 'true',
      '--glue_kernel_version': '1.0.9',
      '--additional-python-modules': 'pandas==2.2.0',
      '--enable-auto-scaling': 'true',
    });

    const tags = await directGateway().send('GetTags', {
      resourceArn: `arn:aws:glue:us-east-1:${MOTO_ACCOUNT}:session/${info.id}`,
    });
    expect(tags).to.include({ team: 'analytics', billing: 'Data-Platform' });
    expect(tags['owner']).to.be.a('string').and.not.include(',');

    const report = (await c.status())!;
    expect(report.tags).to.include({ team: 'analytics' });
    expect(report.identity!.account).to.equal(MOTO_ACCOUNT);

    const listed = await c.listSessions({ tags: { team: 'analytics', billing: 'Data-Platform' } });
    expect(listed.map((s) => s.id)).to.include(info.id);
    const other = await c.listSessions({ tags: { team: 'analytics', billing: 'someone-else' } });
    expect(other.map((s) => s.id)).to.not.include(info.id);

    const stopped = await c.stopSession();
    expect(stopped).to.deep.equal({ id: info.id, status: 'STOPPING' });
  });

  it('translates moto errors by name: an unknown session is a lost session', async () => {
    try {
      await directGateway().send('GetSession', { id: 'does-not-exist' });
      expect.fail('expected EntityNotFoundException');
    } catch (err) {
      expect(err).to.be.instanceOf(KernelError);
      expect((err as KernelError).ename).to.equal('EntityNotFoundException');
      expect((err as KernelError).hint).to.include('new one');
    }
  });

  it('assumes a role through STS and uses the assumed identity', async () => {
    const c = controller();
    await c.useStaticCredentials(KEYS);
    const identity = await c.assumeRole({
      roleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/GlueSessionCreationRole`,
      sessionName: 'nb',
    });
    expect(identity.arn).to.equal(
      `arn:aws:sts::${MOTO_ACCOUNT}:assumed-role/GlueSessionCreationRole/nb`,
    );
    expect(identity.expiration).to.be.instanceOf(Date);
    expect(JSON.stringify(identity)).to.not.include(KEYS.secretAccessKey);
  });
});
