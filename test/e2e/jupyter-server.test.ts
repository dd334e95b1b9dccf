import { expect } from 'chai';
import {
  KernelManager,
  KernelSpecManager,
  ServerConnection,
  type KernelMessage,
} from '@jupyterlab/services';
import {
  jupyterSandbox,
  startJupyter,
  type JupyterSandbox,
  type RunningServer,
  skipUnlessE2eTools,
} from '../support/e2e-jupyter.js';

describe('e2e: a real Jupyter Server starts our kernels (@jupyterlab/services)', function () {
  this.timeout(180_000);
  let sandbox: JupyterSandbox;
  let server: RunningServer;
  let settings: ServerConnection.ISettings;

  before(async function () {
    skipUnlessE2eTools(this, ['jupyter']);
    sandbox = await jupyterSandbox();
    server = await startJupyter(sandbox, 'server');
    settings = ServerConnection.makeSettings({
      baseUrl: `${server.url}/`,
      wsUrl: server.url.replace('http', 'ws') + '/',
      token: server.token,
    });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.error(server?.log());
  });
  after(async () => {
    await server?.stop();
    sandbox?.cleanup();
  });

  it('lists the three kernelspecs with their display names and languages', async () => {
    const specs = new KernelSpecManager({ serverSettings: settings });
    await specs.refreshSpecs();
    const all = specs.specs?.kernelspecs ?? {};
    expect(all['glue_kernel_pyspark']?.display_name).to.equal('Glue PySpark');
    expect(all['glue_kernel_spark']?.display_name).to.equal('Glue Spark');
    expect(all['glue_kernel_spark']?.language).to.equal('scala');
    expect(all['glue_kernel_pyspark_local']?.display_name).to.equal('Glue PySpark (local)');
    specs.dispose();
  });

  it('runs magics and remote code on the local kernel through the server', async () => {
    const manager = new KernelManager({ serverSettings: settings });
    const kernel = await manager.startNew({ name: 'glue_kernel_pyspark_local' });
    try {
      // Resolves once the websocket is connected and the kernel answered kernel_info.
      const info: KernelMessage.IInfoReply = await kernel.info;
      expect(info.language_info.name).to.equal('python');
      expect(info.protocol_version).to.equal('5.3');

      const collect = async (code: string) => {
        const texts: string[] = [];
        const future = kernel.requestExecute({ code });
        future.onIOPub = (msg) => {
          const c = msg.content as {
            text?: string;
            data?: Record<string, string>;
            ename?: string;
            evalue?: string;
          };
          if (c.text) texts.push(c.text);
          if (c.data?.['text/plain']) texts.push(c.data['text/plain']);
          if (c.ename) texts.push(`${c.ename}: ${c.evalue}`);
        };
        const reply = await future.done;
        return { status: reply.content.status, text: texts.join('') };
      };

      const magic = await collect('%worker_type G.1X\n%number_of_workers 2');
      expect(magic.status).to.equal('ok');
      expect(magic.text).to.include('Setting new number of workers to: 2');

      const remote = await collect('import os\nvalue = 6 * 7\nprint("value", value)');
      expect(remote.status, remote.text).to.equal('ok');
      expect(remote.text).to.include('value 42');

      const failing = await collect('raise ValueError("bad input")');
      expect(failing.status).to.equal('error');
      expect(failing.text).to.include('ValueError: bad input');
    } finally {
      await kernel.shutdown();
      manager.dispose();
    }
  });
});
