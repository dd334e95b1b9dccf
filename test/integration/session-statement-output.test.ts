import { expect } from 'chai';
import { GlueInterpreter } from '../../src/interpreter/glue-interpreter.js';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { SdkCredentialBroker } from '../../src/session/aws/sdk-credential-broker.js';
import { sdkGlueGateways } from '../../src/session/aws/sdk-glue-gateway.js';
import { SessionController } from '../../src/session/lifecycle/session-controller.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { FakeExecutionContext } from '../support/fake-execution-context.js';

/**
 * Statement outputs beyond the public GetStatement model (Data.MimeType/Result, used by %matplot
 * and %plotly) survive the real AWS SDK: the local endpoint's Python worker renders a trailing
 * `%matplot VAR` line as a base64 image/png, and the interpreter shows it with the printed text.
 * A stand-in figure with savefig() replaces matplotlib, which the test environment does not have.
 */
const FAKE_PNG = '\x89PNG\r\n\x1a\n-fake-figure';

describe('statement outputs through the AWS SDK and the local endpoint', function () {
  this.timeout(60_000);
  let endpoint: LocalEndpoint;
  let interpreter: GlueInterpreter;
  let controller: SessionController;
  let cells = 0;

  before(async () => {
    endpoint = await startLocalEndpoint({ port: 0, faults: { provisioningDelayMs: 0 } });
    const env = {
      AWS_REGION: endpoint.region,
      AWS_ENDPOINT_URL_GLUE: endpoint.url,
      AWS_ENDPOINT_URL_STS: endpoint.url,
    };
    controller = new SessionController({
      kind: 'pyspark',
      env,
      loadSharedConfig: async () => ({ configFile: {}, credentialsFile: {} }),
      broker: new SdkCredentialBroker(env),
      gateways: sdkGlueGateways(silentLogger),
      clock: systemClock,
      newId: () => `output-test-${++cells}`,
      logger: silentLogger,
    });
    await controller.useStaticCredentials(endpoint.defaultCredentials);
    controller.applySettings({ iamRole: DEFAULT_ROLE_ARN });
    interpreter = new GlueInterpreter({
      session: controller,
      kind: 'pyspark',
      clock: systemClock,
      logger: silentLogger,
      version: '0.1.0-test',
    });
  });

  after(async () => {
    await controller?.shutdown();
    await endpoint?.close();
  });

  async function run(code: string): Promise<FakeExecutionContext> {
    const ctx = new FakeExecutionContext(++cells);
    const outcome = await interpreter.execute(code, ctx);
    expect(outcome.status, ctx.text('stdout') + ctx.text('stderr')).to.equal('ok');
    return ctx;
  }

  it('shows the printed text and the %matplot figure as image/png display data', async () => {
    const ctx = await run(
      [
        'class Figure:',
        '    def savefig(self, buffer, format):',
        `        buffer.write(${JSON.stringify(FAKE_PNG)}.encode("latin-1"))`,
        'fig = Figure()',
        "print('drawn')",
        '%matplot fig',
      ].join('\n'),
    );
    expect(ctx.text('stdout')).to.include('drawn\n');
    const images = ctx.outputs.filter(
      (o): o is Extract<typeof o, { type: 'display' }> =>
        o.type === 'display' && 'image/png' in o.data,
    );
    expect(images).to.have.length(1);
    const png = String(images[0]!.data['image/png']);
    expect(Buffer.from(png, 'base64').toString('latin1')).to.equal(FAKE_PNG);
    expect(images[0]!.data['text/plain']).to.equal('<image/png image>');
  });

  it('shows a %plotly figure as text/html display data', async () => {
    const ctx = await run(
      [
        'class PlotlyFigure:',
        '    def to_html(self, include_plotlyjs, full_html):',
        '        return "<div id=\'chart\'>bars</div>"',
        'chart = PlotlyFigure()',
        '%plotly chart',
      ].join('\n'),
    );
    const html = ctx.outputs.find((o) => o.type === 'display' && 'text/html' in o.data);
    expect(html).to.deep.include({
      data: { 'text/html': "<div id='chart'>bars</div>", 'text/plain': 'bars' },
    });
  });

  it('still shows plain statement output as stdout text', async () => {
    const ctx = await run('print(6 * 7)');
    expect(ctx.text('stdout')).to.include('42\n');
    expect(ctx.outputs.some((o) => o.type === 'display' && 'image/png' in o.data)).to.equal(false);
  });
});
