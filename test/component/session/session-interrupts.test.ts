import { expect } from 'chai';
import { RecordingObserver, SESSION_ROLE, sessionHarness } from '../../support/session-harness.js';
import { kernelErrorOf } from '../../support/kernel-error-of.js';

describe('SessionController when interrupted', () => {
  describe('during the CreateSession call', () => {
    it('stops the session Glue created although the answer was lost, and says so', async () => {
      const h = sessionHarness({ glue: { provisioningMs: 120_000 } });
      h.controller.applySettings({ iamRole: SESSION_ROLE });
      const abort = new AbortController();
      h.glue.onceApplied('CreateSession', () => abort.abort());
      const err = await kernelErrorOf(h.controller.ensureSession(h.observer, abort.signal));
      expect(err.kind).to.equal('cancelled');
      expect(err.message)
        .to.include('Interrupted while session id-1 was being created')
        .and.include('it was stopped');
      expect(h.glue.session('id-1')!.status).to.be.oneOf(['STOPPING', 'STOPPED']);
      expect(h.controller.liveState()).to.equal('none');
      expect(h.controller.currentSessionId()).to.equal(undefined);
    });

    it('says nothing was left running when Glue never got to create it', async () => {
      const h = sessionHarness();
      h.controller.applySettings({ iamRole: SESSION_ROLE });
      const abort = new AbortController();
      h.glue.inject({ operation: 'CreateSession', name: 'x', message: 'x', hang: true });
      const pending = h.controller.ensureSession(h.observer, abort.signal);
      setImmediate(() => abort.abort());
      const err = await kernelErrorOf(pending);
      expect(err.kind).to.equal('cancelled');
      expect(err.message).to.include('Glue has no session id-1, so nothing was left running');
      expect(h.glue.session('id-1')).to.equal(undefined);
    });

    it('warns that the session may still run when stopping it fails', async () => {
      const h = sessionHarness();
      h.controller.applySettings({ iamRole: SESSION_ROLE });
      const abort = new AbortController();
      h.glue.onceApplied('CreateSession', () => abort.abort());
      h.glue.inject({
        operation: 'StopSession',
        name: 'InternalServiceException',
        message: 'Internal error',
      });
      const err = await kernelErrorOf(h.controller.ensureSession(h.observer, abort.signal));
      expect(err.kind).to.equal('cancelled');
      expect(err.message).to.include('may still be running');
      expect(err.hint).to.include('%delete_session id-1');
      expect(h.controller.liveState()).to.equal('none');
    });
  });

  describe('while a statement runs on a hung connection', () => {
    /** A READY session whose statements run for 10 minutes; the observer interrupts at progress. */
    async function readyHarness(controller: {
      cancelWaitMs?: number;
      statementSendWaitMs?: number;
    }) {
      const h = sessionHarness({ controller });
      h.glue.statementScript = () => ({ durationMs: 600_000 });
      h.controller.applySettings({ iamRole: SESSION_ROLE });
      await h.controller.ensureSession(h.observer, h.signal);
      const abort = new AbortController();
      const observer = new RecordingObserver();
      observer.progress = () => abort.abort();
      return { h, abort, observer };
    }

    it('gives up on a CancelStatement that never answers, saying the statement may still run', async () => {
      const { h, abort, observer } = await readyHarness({ cancelWaitMs: 50 });
      h.glue.inject({ operation: 'CancelStatement', name: 'x', message: 'x', hang: true });
      const err = await kernelErrorOf(h.controller.runStatement('long()', observer, abort.signal));
      expect(err.kind).to.equal('cancelled');
      expect(err.message).to.include('did not answer CancelStatement');
      expect(err.hint).to.include('may still be running');
      expect(h.controller.liveState()).to.equal('ready');
    });

    it('stops waiting for a cancel confirmation when GetStatement never answers', async () => {
      const { h, abort, observer } = await readyHarness({ cancelWaitMs: 50 });
      observer.progress = () => {
        h.glue.inject({
          operation: 'GetStatement',
          name: 'x',
          message: 'x',
          hang: true,
          times: Infinity,
        });
        abort.abort();
      };
      const err = await kernelErrorOf(h.controller.runStatement('long()', observer, abort.signal));
      expect(err.kind).to.equal('cancelled');
      expect(err.message).to.include('was not confirmed');
    });

    it('answers an interrupt while RunStatement hangs, saying the statement may have started', async () => {
      const { h, abort } = await readyHarness({});
      h.glue.inject({ operation: 'RunStatement', name: 'x', message: 'x', hang: true });
      const pending = h.controller.runStatement('long()', h.observer, abort.signal);
      setImmediate(() => abort.abort());
      const err = await kernelErrorOf(pending);
      expect(err.kind).to.equal('cancelled');
      expect(err.message)
        .to.include('Glue did not answer RunStatement')
        .and.include('unknown whether the statement started');
      expect(h.controller.liveState()).to.equal('ready');
    });

    it('gives up on a RunStatement that never answers, and the next statement runs', async () => {
      const { h } = await readyHarness({ statementSendWaitMs: 50 });
      h.glue.inject({ operation: 'RunStatement', name: 'x', message: 'x', hang: true });
      const err = await kernelErrorOf(h.controller.runStatement('long()', h.observer, h.signal));
      expect(err.kind).to.equal('timeout');
      expect(err.message).to.include('Glue did not answer RunStatement');
      h.glue.statementScript = () => ({ output: { status: 'ok', data: { textPlain: '2' } } });
      const next = await h.controller.runStatement('1 + 1', h.observer, h.signal);
      expect(next.output!.data!.textPlain).to.equal('2');
    });
  });
});
