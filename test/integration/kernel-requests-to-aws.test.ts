import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { KernelClient } from '../../src/client/kernel-client.js';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { kernelEnvironmentFor, shownText } from '../support/glue-kernel-harness.js';
import { glueKernelCommand, REPO_ROOT } from '../support/kernel-argv.js';
import { RecordingProxy } from '../support/recording-proxy.js';

/**
 * What the spawned Glue PySpark kernel sends to AWS, recorded on the wire between it and a local
 * endpoint: the CreateSession body (with a typed setting's job parameter), the User-Agent and the
 * AssumeRole request.
 */
describe('what the kernel sends to AWS', function () {
  this.timeout(60_000);
  let endpoint: LocalEndpoint;
  let proxy: RecordingProxy;
  let kernel: KernelClient;
  const { version } = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as {
    version: string;
  };

  before(async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    proxy = await RecordingProxy.start(endpoint.url);
    kernel = await KernelClient.start({
      argv: glueKernelCommand('kernel', '--kind', 'pyspark', '-f', '{connection_file}'),
      env: kernelEnvironmentFor(endpoint, proxy.url),
      startTimeoutMs: 30_000,
    });
  });
  after(async () => {
    await kernel?.shutdown(5000).catch(() => undefined);
    await proxy?.close();
    await endpoint?.close();
  });

  it("sends the official kernel's --glue_kernel_version and names itself in the User-Agent; a role_session_name is used as given", async () => {
    const assumed = await kernel.execute(
      `%%assume_role\n{"role_arn": "${DEFAULT_ROLE_ARN}", "role_session_name": "AssumeRoleSession"}`,
    );
    expect(assumed.reply.status, shownText(assumed)).to.equal('ok');
    expect(shownText(assumed)).to.include(
      `assumed-role/${DEFAULT_ROLE_ARN.split('/').pop()}/AssumeRoleSession`,
    );
    // A typed setting reaches the wire as its Glue job parameter (settings registry row).
    const scaling = await kernel.execute('%enable_auto_scaling true');
    expect(scaling.reply.status, shownText(scaling)).to.equal('ok');
    const cell = await kernel.execute('x = 1');
    expect(cell.reply.status, shownText(cell)).to.equal('ok');

    const [create] = proxy.of('AWSGlue.CreateSession');
    expect(create, 'one CreateSession').not.to.equal(undefined);
    const body = JSON.parse(create!.body) as { DefaultArguments: Record<string, string> };
    expect(body.DefaultArguments['--glue_kernel_version']).to.equal('1.0.9');
    expect(body.DefaultArguments['--enable-auto-scaling']).to.equal('true');
    const stsCalls = [...proxy.of('STS.AssumeRole'), ...proxy.of('STS.GetCallerIdentity')];
    expect(stsCalls.length).to.be.greaterThan(1);
    for (const call of [create!, ...stsCalls]) {
      expect(call.headers['user-agent']).to.include(`glue-kernel/${version}`);
    }
    const [assume] = proxy.of('STS.AssumeRole');
    expect(new URLSearchParams(assume!.body).get('RoleSessionName')).to.equal('AssumeRoleSession');
  });
});
