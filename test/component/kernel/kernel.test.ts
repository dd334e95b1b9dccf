import { expect } from 'chai';
import type { JupyterMessage } from '../../../src/protocol/messages.js';
import { CLIENT_IDENTITY, KernelHarness, stateOf, summary } from '../../support/kernel-harness.js';

type Content = Record<string, unknown>;
const content = (m: JupyterMessage): Content => m.content as Content;

describe('Kernel (in-memory transport)', () => {
  it('publishes starting exactly once, before anything else', async () => {
    const h = await KernelHarness.started();
    await h.reply(h.send('shell', 'kernel_info_request', {}));
    const statuses = h.transport.sent
      .filter((s) => s.message.header.msg_type === 'status')
      .map((s) => stateOf(s.message));
    expect(statuses.filter((s) => s === 'starting')).to.have.length(1);
    expect(stateOf(h.transport.sent[0]!.message)).to.equal('starting');
  });

  it('wraps an execute in busy, execute_input, outputs, result, idle last, all parented', async () => {
    const h = await KernelHarness.started();
    const req = h.execute('print hello\ndisplay d1 first\nupdate d1 second\nvalue');
    const reply = await h.reply(req);
    const iopub = await h.iopub(req);
    expect(summary(iopub)).to.deep.equal([
      'status:busy',
      'execute_input',
      'stream',
      'display_data',
      'update_display_data',
      'execute_result',
      'status:idle',
    ]);
    for (const m of iopub) {
      expect(m.parent_header.msg_id).to.equal(req.header.msg_id);
      expect(m.header.date).to.be.a('string');
      expect(m.header.version).to.equal('5.3');
    }
    expect(content(iopub[2]!)).to.deep.equal({ name: 'stdout', text: 'hello\n' });
    expect(content(iopub[3]!)).to.deep.include({ transient: { display_id: 'd1' } });
    expect(content(iopub[4]!)).to.deep.include({
      data: { 'text/plain': 'second' },
      transient: { display_id: 'd1' },
    });
    expect(content(iopub[5]!)).to.deep.include({
      execution_count: 1,
      data: { 'text/plain': 'value' },
    });
    expect(reply.channel).to.equal('shell');
    expect(reply.message.header.msg_type).to.equal('execute_reply');
    expect(reply.message.identities).to.deep.equal([CLIENT_IDENTITY]);
    expect(content(reply.message)).to.deep.include({ status: 'ok', execution_count: 1 });
    // idle is the last message of the request, after the reply was sent
    const idleAt = h.transport.sent.findIndex((s) => s.message === iopub.at(-1));
    expect(h.transport.sent.indexOf(reply)).to.be.lessThan(idleAt);
  });

  it('counts only non-silent requests that store history', async () => {
    const h = await KernelHarness.started();
    const counts: unknown[] = [];
    for (const options of [{}, { silent: true }, { store_history: false }, {}]) {
      const req = h.execute('count', options);
      counts.push(content((await h.reply(req)).message).execution_count);
    }
    expect(counts).to.deep.equal([1, 1, 1, 2]);
    const silent = h.execute('count\nvalue', { silent: true });
    const iopub = await h.iopub(silent);
    expect(summary(iopub)).to.deep.equal(['status:busy', 'stream', 'status:idle']);
    expect(content(iopub[1]!).text).to.equal('count=2 silent=true\n');
  });

  it('tells the interpreter that a store_history: false request is a probe', async () => {
    const h = await KernelHarness.started();
    const probe = h.execute('count', { store_history: false });
    const iopub = await h.iopub(probe);
    const streams = iopub.filter((m) => m.header.msg_type === 'stream');
    expect(content(streams[0]!).text).to.equal('count=0 silent=true\n');
  });

  it('turns an error outcome into an iopub error and an error reply', async () => {
    const h = await KernelHarness.started();
    const req = h.execute('print before\nfail ValueError bad value');
    const reply = await h.reply(req);
    const iopub = await h.iopub(req);
    expect(summary(iopub)).to.deep.equal([
      'status:busy',
      'execute_input',
      'stream',
      'error',
      'status:idle',
    ]);
    expect(content(iopub[3]!)).to.deep.include({ ename: 'ValueError', evalue: 'bad value' });
    expect(content(reply.message)).to.deep.include({
      status: 'error',
      ename: 'ValueError',
      execution_count: 1,
    });
  });

  it('replies and goes idle when the interpreter throws (last-resort catch)', async () => {
    const h = await KernelHarness.started();
    const req = h.execute('throw boom');
    const reply = await h.reply(req);
    const iopub = await h.iopub(req);
    expect(content(reply.message)).to.deep.include({
      status: 'error',
      ename: 'InternalError',
      evalue: 'boom',
    });
    expect(summary(iopub).at(-1)).to.equal('status:idle');
    const next = await h.reply(h.execute('print fine'));
    expect(content(next.message).status).to.equal('ok');
  });

  it('answers a malformed request with an error reply instead of crashing', async () => {
    const h = await KernelHarness.started();
    const req = h.send('shell', 'execute_request', { silent: false } as never);
    const reply = await h.reply(req);
    expect(content(reply.message)).to.deep.include({ status: 'error', ename: 'BadRequest' });
    expect(summary(await h.iopub(req)).at(-1)).to.equal('status:idle');
  });

  describe('Run All after a failure (stop_on_error)', () => {
    it('aborts the requests queued behind a failed one: not run, no count, as ipykernel', async () => {
      const h = await KernelHarness.started();
      const failing = h.execute('sleep 20\nfail RuntimeError first failed');
      const queued = [h.execute('print never'), h.execute('print never either')];
      expect(content((await h.reply(failing)).message)).to.deep.include({
        status: 'error',
        execution_count: 1,
      });
      for (const request of queued) {
        const reply = await h.reply(request);
        expect(content(reply.message)).to.deep.equal({ status: 'aborted' });
        expect(reply.message.metadata).to.deep.include({ status: 'aborted' });
        expect(summary(await h.iopub(request))).to.deep.equal(['status:busy', 'status:idle']);
      }
      // A request sent after the failed cell's reply runs, counted right after the failed one.
      const later = await h.reply(h.execute('print runs'));
      expect(content(later.message)).to.deep.include({ status: 'ok', execution_count: 2 });
    });

    it('aborts requests arriving after a fast failure but before its reply', async () => {
      const h = await KernelHarness.started();
      // The failure is known at once; the rest of "Run All" is still on its way.
      const failing = h.execute('fail NameError fast');
      await h.transport.waitFor((s) => s.message.header.msg_type === 'error');
      const late = [h.execute('print late 1'), h.execute('print late 2')];
      expect(content((await h.reply(failing)).message).status).to.equal('error');
      for (const request of late)
        expect(content((await h.reply(request)).message)).to.deep.equal({ status: 'aborted' });
      const texts = h.transport.sent.map((s) => content(s.message).text).filter(Boolean);
      expect(texts).to.deep.equal([]);
      const next = await h.reply(h.execute('count'));
      expect(content(next.message)).to.deep.include({ status: 'ok', execution_count: 2 });
    });

    it('aborts nothing after a silent failure or with stop_on_error false', async () => {
      const h = await KernelHarness.started();
      h.execute('fail E silent', { silent: true });
      const afterSilent = h.execute('print runs');
      expect(content((await h.reply(afterSilent)).message).status).to.equal('ok');
      h.execute('fail E x', { stop_on_error: false });
      const afterAllowed = h.execute('print runs too');
      expect(content((await h.reply(afterAllowed)).message).status).to.equal('ok');
    });
  });

  it('runs queued requests when stop_on_error is false', async () => {
    const h = await KernelHarness.started();
    h.execute('sleep 10\nfail E x', { stop_on_error: false });
    const queued = h.execute('print still runs');
    expect(content((await h.reply(queued)).message).status).to.equal('ok');
  });

  it('interrupts a running execute from the control channel', async () => {
    const h = await KernelHarness.started();
    const running = h.execute('sleep 10000\nprint not reached');
    await h.transport.waitFor((s) => s.message.header.msg_type === 'execute_input');
    const interrupt = h.send('control', 'interrupt_request', {});
    const interruptReply = await h.reply(interrupt);
    expect(interruptReply.channel).to.equal('control');
    expect(interruptReply.message.header.msg_type).to.equal('interrupt_reply');
    const reply = await h.reply(running);
    expect(content(reply.message)).to.deep.include({ status: 'error', ename: 'Interrupted' });
    expect(h.interpreter.interrupts).to.equal(1);
    const outputs = summary(await h.iopub(running));
    expect(outputs).to.not.include('stream');
  });

  it('answers kernel_info on control while an execute runs', async () => {
    const h = await KernelHarness.started();
    const running = h.execute('sleep 200');
    await h.transport.waitFor((s) => s.message.header.msg_type === 'execute_input');
    const info = await h.reply(h.send('control', 'kernel_info_request', {}));
    const executeDone = h.transport.sent.some(
      (s) => s.message.parent_header.msg_id === running.header.msg_id && s.channel === 'shell',
    );
    expect(executeDone).to.equal(false);
    expect(info.channel).to.equal('control');
    expect(content(info.message)).to.deep.include({
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'echo',
    });
    expect(content(info.message).language_info).to.deep.include({ name: 'echo' });
    await h.reply(running);
  });

  it('answers complete, inspect, is_complete, history and comm_info; ignores comm messages', async () => {
    const h = await KernelHarness.started();
    const complete = content(
      (await h.reply(h.send('shell', 'complete_request', { code: 'pr', cursor_pos: 2 }))).message,
    );
    expect(complete).to.deep.include({
      status: 'ok',
      matches: ['print'],
      cursor_start: 0,
      cursor_end: 2,
    });
    const inspect = content(
      (await h.reply(h.send('shell', 'inspect_request', { code: 'print', cursor_pos: 5 }))).message,
    );
    expect(inspect).to.deep.include({ status: 'ok', found: true });
    const isComplete = content(
      (await h.reply(h.send('shell', 'is_complete_request', { code: 'a\\' }))).message,
    );
    expect(isComplete).to.deep.equal({ status: 'incomplete', indent: '' });
    const history = await h.reply(h.send('shell', 'history_request', {}));
    expect(history.message.header.msg_type).to.equal('history_reply');
    expect(content(history.message)).to.deep.equal({ status: 'ok', history: [] });
    const commOpen = h.send('shell', 'comm_open', {
      comm_id: 'x',
      target_name: 'jupyter.widget',
      data: {},
    });
    expect(summary(await h.iopub(commOpen))).to.deep.equal(['status:busy', 'status:idle']);
    const commInfo = await h.reply(h.send('shell', 'comm_info_request', {}));
    expect(commInfo.message.header.msg_type).to.equal('comm_info_reply');
    expect(content(commInfo.message)).to.deep.equal({ status: 'ok', comms: {} });
  });

  it('shuts down on control: interpreter stopped, reply sent, transport closed, exit callback', async () => {
    const h = await KernelHarness.started();
    const req = h.send('control', 'shutdown_request', { restart: false });
    const reply = await h.reply(req);
    expect(reply.message.header.msg_type).to.equal('shutdown_reply');
    expect(content(reply.message)).to.deep.equal({ status: 'ok', restart: false });
    await h.iopub(req);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.interpreter.shutdowns).to.deep.equal([false]);
    expect(h.shutdowns).to.deep.equal([false]);
    expect(h.transport.isClosed).to.equal(true);
  });

  it('drops a message with a bad signature without running it', async () => {
    const h = await KernelHarness.started();
    const forged = h.request('execute_request', { code: 'print forged' });
    const frames = h.frames(forged);
    frames[2] = Buffer.from('0'.repeat(64)); // the signature frame follows the delimiter
    h.transport.deliver('shell', frames);
    await h.reply(h.execute('print genuine'));
    const texts = h.transport.sent.map((s) => content(s.message).text).filter(Boolean);
    expect(texts).to.deep.equal(['genuine\n']);
    expect(
      h.transport.sent.some((s) => s.message.parent_header.msg_id === forged.header.msg_id),
    ).to.equal(false);
  });

  it('drops a replayed message', async () => {
    const h = await KernelHarness.started();
    const req = h.request('execute_request', { code: 'print once' });
    const frames = h.frames(req);
    h.transport.deliver('shell', frames);
    await h.reply(req);
    h.transport.deliver('shell', frames);
    await h.reply(h.execute('print after'));
    const texts = h.transport.sent.map((s) => content(s.message).text).filter(Boolean);
    expect(texts).to.deep.equal(['once\n', 'after\n']);
  });
});
