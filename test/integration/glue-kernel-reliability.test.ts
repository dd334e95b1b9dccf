import {
  GetSessionCommand,
  ListSessionsCommand,
  ListStatementsCommand,
  StopSessionCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import {
  shownText,
  startGlueKernelRig,
  type GlueKernelRig,
} from '../support/glue-kernel-harness.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The spawned Glue kernel against the local endpoint: what users see when things go wrong. */
describe('Glue kernel process against the local endpoint (reliability)', function () {
  this.timeout(90_000);

  async function sessionIds(rig: GlueKernelRig): Promise<string[]> {
    return (await rig.glue.send(new ListSessionsCommand({}))).Ids ?? [];
  }
  async function statusOf(rig: GlueKernelRig, id: string): Promise<string | undefined> {
    return (await rig.glue.send(new GetSessionCommand({ Id: id }))).Session?.Status;
  }
  function currentId(text: string): string {
    const id = /Current active Session ID: (\S+)/.exec(text)?.[1];
    if (!id) throw new Error(`no session id in: ${text}`);
    return id;
  }

  describe('one kernel, one session', () => {
    let rig: GlueKernelRig;
    before(async () => {
      rig = await startGlueKernelRig({ faults: { provisioningDelayMs: 200 } });
    });
    after(async () => rig?.close());

    it('never creates a session for silent requests (editor probes)', async () => {
      const probe = await rig.kernel.execute('print("probe")', { silent: true });
      expect(probe.reply.status).to.equal('ok');
      const noHistory = await rig.kernel.execute('1 + 1', { storeHistory: false });
      expect(noHistory.reply.status).to.equal('ok');
      expect(await sessionIds(rig)).to.deep.equal([]);
    });

    it('creates the session on the first code cell and keeps the namespace', async () => {
      const first = await rig.kernel.execute('total = sum(range(5))\nprint("total", total)');
      expect(first.reply.status).to.equal('ok');
      expect(shownText(first)).to.include('has been created').and.include('total 10');
      const second = await rig.kernel.execute('total * 2');
      expect(shownText(second)).to.include('20');
      expect(await sessionIds(rig)).to.have.length(1);
    });

    it('shows a remote exception as a Jupyter error with the remote traceback', async () => {
      const result = await rig.kernel.execute('def f(x):\n    return 1 / x\n\nf(0)');
      expect(result.reply.status).to.equal('error');
      const error = result.outputs.find((m) => m.header.msg_type === 'error');
      const content = error?.content as { ename: string; traceback: string[] };
      expect(content.ename).to.equal('ZeroDivisionError');
      expect(content.traceback.join('\n')).to.include('return 1 / x');
      const next = await rig.kernel.execute('print("still fine")');
      expect(shownText(next)).to.include('still fine');
    });

    it('cancels a running statement on interrupt, says so, and the next cell works', async () => {
      const id = currentId(shownText(await rig.kernel.execute('%session_id')));
      const running = rig.kernel.execute('import time\ntime.sleep(30)\nprint("not reached")');
      // Interrupt once the statement is really running remotely.
      for (let i = 0; i < 200; i++) {
        const { Statements = [] } = await rig.glue.send(
          new ListStatementsCommand({ SessionId: id }),
        );
        if (Statements.some((s) => s.State === 'RUNNING')) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await rig.kernel.interrupt();
      const result = await running;
      expect(result.reply.status).to.equal('error');
      const text = shownText(result);
      expect(text).to.include('cancelled');
      expect(text).to.not.include('not reached');
      const after = await rig.kernel.execute('print("after interrupt", total)');
      expect(shownText(after)).to.include('after interrupt 10');
    });

    it('replaces a session stopped behind its back, saying variables are gone', async () => {
      const id = currentId(shownText(await rig.kernel.execute('%session_id')));
      await rig.glue.send(new StopSessionCommand({ Id: id }));
      const result = await rig.kernel.execute('print("fresh session")');
      expect(result.reply.status, shownText(result)).to.equal('ok');
      const text = shownText(result);
      expect(text).to.include(id);
      expect(text.toLowerCase()).to.match(/variables|gone|lost/);
      expect(text).to.include('fresh session');
      const newId = currentId(shownText(await rig.kernel.execute('%session_id')));
      expect(newId).to.not.equal(id);
    });
  });

  describe('stopping', () => {
    it('stops the session when the kernel is shut down', async () => {
      const rig = await startGlueKernelRig({ faults: { provisioningDelayMs: 0 } });
      try {
        await rig.kernel.execute('x = 1');
        const [id] = await sessionIds(rig);
        await rig.kernel.shutdown();
        expect(await statusOf(rig, id!)).to.be.oneOf(['STOPPING', 'STOPPED']);
      } finally {
        await rig.close();
      }
    });

    it('stops the session on SIGTERM (e.g. the server stopping)', async () => {
      const rig = await startGlueKernelRig({ faults: { provisioningDelayMs: 0 } });
      try {
        await rig.kernel.execute('x = 1');
        const [id] = await sessionIds(rig);
        process.kill(rig.kernel.process.pid!, 'SIGTERM');
        const exit = await rig.kernel.process.exited;
        expect(exit.code).to.equal(0);
        expect(await statusOf(rig, id!)).to.be.oneOf(['STOPPING', 'STOPPED']);
      } finally {
        await rig.close();
      }
    });

    it('stops its session and exits when its parent dies without shutting it down', async () => {
      const rig = await startGlueKernelRig({ faults: { provisioningDelayMs: 0 } }, 'pyspark', true);
      try {
        await rig.kernel.execute('x = 1');
        const [id] = await sessionIds(rig);
        const shell = rig.kernel.process.pid!;
        const kernelPid = Number(
          execFileSync('pgrep', ['-P', String(shell)])
            .toString()
            .trim(),
        );
        process.kill(shell, 'SIGKILL');
        let status: string | undefined;
        for (let i = 0; i < 100 && !['STOPPING', 'STOPPED'].includes(status ?? ''); i++) {
          await new Promise((r) => setTimeout(r, 200));
          status = await statusOf(rig, id!);
        }
        expect(status).to.be.oneOf(['STOPPING', 'STOPPED']);
        for (let i = 0; i < 50 && isAlive(kernelPid); i++)
          await new Promise((r) => setTimeout(r, 200));
        expect(isAlive(kernelPid), 'the orphaned kernel exits').to.equal(false);
      } finally {
        await rig.close();
      }
    });

    it('a kernel killed outright is replaced by a new one that works', async () => {
      const rig = await startGlueKernelRig({ faults: { provisioningDelayMs: 0 } });
      try {
        await rig.kernel.execute('x = 1');
        process.kill(rig.kernel.process.pid!, 'SIGKILL');
        await rig.kernel.process.exited;
        const restarted = await rig.startKernel();
        const result = await restarted.execute('print("restarted ok")');
        expect(shownText(result)).to.include('restarted ok');
      } finally {
        await rig.close();
      }
    });
  });

  describe('a hostile backend', () => {
    it('keeps working through a throttling and 5xx storm', async () => {
      const rig = await startGlueKernelRig({
        faults: { provisioningDelayMs: 0, throttleRate: 0.3, serverErrorRate: 0.1 },
      });
      try {
        for (let i = 0; i < 5; i++) {
          const result = await rig.kernel.execute(`print("round", ${i})`);
          expect(result.reply.status, shownText(result)).to.equal('ok');
          expect(shownText(result)).to.include(`round ${i}`);
        }
      } finally {
        await rig.close();
      }
    });
  });
});
