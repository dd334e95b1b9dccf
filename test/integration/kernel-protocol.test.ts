import { expect } from 'chai';
import * as zmq from 'zeromq';
import { KernelClient, type ExecuteResult } from '../../src/client/kernel-client.js';
import { MessageFactory } from '../../src/protocol/messages.js';
import { Signer } from '../../src/protocol/signer.js';
import { encodeMessage } from '../../src/protocol/wire-codec.js';
import { REPO_ROOT, echoKernelArgv } from '../support/kernel-argv.js';

/**
 * Sends `print started` then `code`, and resolves once the kernel has published "started": the
 * cell is running, whatever the machine's load (no fixed sleep before interrupting it).
 */
async function executeStarted(
  client: KernelClient,
  code: string,
): Promise<{ running: Promise<ExecuteResult> }> {
  let started!: () => void;
  const seen = new Promise<void>((resolve) => (started = resolve));
  const running = client.execute(`print started\n${code}`, {
    onOutput: (message) => {
      if ((message.content as { text?: string }).text === 'started\n') started();
    },
  });
  await Promise.race([seen, running]);
  return { running };
}

describe('kernel process over ZeroMQ (echo interpreter)', function () {
  this.timeout(30_000);
  let client: KernelClient | undefined;

  beforeEach(async () => {
    client = await KernelClient.start({ argv: echoKernelArgv(), cwd: REPO_ROOT });
  });
  afterEach(async () => {
    await client?.close();
  });

  it('answers kernel_info with protocol 5.3 and the interpreter language', async () => {
    const info = await client!.kernelInfo();
    expect(info).to.deep.include({ status: 'ok', protocol_version: '5.3', implementation: 'echo' });
    expect(info.language_info).to.deep.include({ name: 'echo' });
  });

  it('round-trips an execute with outputs in order and counts', async () => {
    const first = await client!.execute('print hello\ndisplay p 10%\nupdate p 100%\nresult');
    expect(first.reply).to.deep.include({ status: 'ok', execution_count: 1 });
    expect(first.outputs.map((m) => m.header.msg_type)).to.deep.equal([
      'stream',
      'display_data',
      'update_display_data',
      'execute_result',
    ]);
    expect(first.outputs[0]!.content).to.deep.equal({ name: 'stdout', text: 'hello\n' });
    const second = await client!.execute('fail KeyError missing');
    expect(second.reply).to.deep.include({
      status: 'error',
      ename: 'KeyError',
      execution_count: 2,
    });
    expect(second.outputs.map((m) => m.header.msg_type)).to.deep.equal(['error']);
  });

  it('ignores a badly signed message and stays alive', async () => {
    const c = client!;
    const dealer = new zmq.Dealer({ linger: 0 });
    dealer.connect(`tcp://127.0.0.1:${c.connection.shell_port}`);
    try {
      const forger = new MessageFactory({ session: 'forger', username: 'mallory' });
      const forged = forger.message('execute_request', { code: 'print forged' });
      await dealer.send(encodeMessage(forged, new Signer('hmac-sha256', 'wrong-key')));
      const unsigned = forger.message('execute_request', { code: 'print unsigned' });
      await dealer.send(encodeMessage(unsigned, new Signer('hmac-sha256', '')));
      expect(await c.ping()).to.equal(true);
      const info = await c.kernelInfo();
      expect(info.status).to.equal('ok');
      const run = await c.execute('count');
      // The forged requests never ran: this is still the first counted execution.
      expect(run.outputs.map((m) => m.content)).to.deep.equal([
        { name: 'stdout', text: 'count=1 silent=false\n' },
      ]);
    } finally {
      dealer.close();
    }
  });

  it('interrupts a running cell on control', async () => {
    const c = client!;
    const { running } = await executeStarted(c, 'sleep 20000\nprint never');
    await c.interrupt();
    const result = await running;
    expect(result.reply).to.deep.include({ status: 'error', ename: 'Interrupted' });
    // "never" was not printed: the cell stopped inside the sleep.
    expect(result.outputs.map((m) => m.header.msg_type)).to.deep.equal(['stream', 'error']);
    expect(result.outputs[0]!.content).to.deep.equal({ name: 'stdout', text: 'started\n' });
    expect((await c.execute('print next')).reply.status).to.equal('ok');
  });

  it('treats SIGINT as an interrupt', async () => {
    const c = client!;
    const { running } = await executeStarted(c, 'sleep 20000');
    process.kill(c.process.pid!, 'SIGINT');
    expect((await running).reply).to.deep.include({ status: 'error', ename: 'Interrupted' });
    expect(await c.ping()).to.equal(true);
  });

  it('shuts down on request and the process exits 0', async () => {
    const exit = await client!.shutdown();
    expect(exit).to.deep.equal({ code: 0, signal: null });
  });
});
