import { expect } from 'chai';
import { KernelError } from '../../../src/errors.js';
import { SESSION_ROLE, sessionHarness } from '../../support/session-harness.js';

async function rejection(p: Promise<unknown>): Promise<KernelError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(KernelError);
    return err as KernelError;
  }
  throw new Error('expected a rejection');
}

describe('SessionController when interrupted', () => {
  describe('during the CreateSession call', () => {
    it('stops the session Glue created although the answer was lost, and says so', async () => {
      const h = sessionHarness({ glue: { provisioningMs: 120_000 } });
      h.controller.applySettings({ iamRole: SESSION_ROLE });
      const abort = new AbortController();
      h.glue.onceApplied('CreateSession', () => abort.abort());
      const err = await rejection(h.controller.ensureSession(h.observer, abort.signal));
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
      const err = await rejection(pending);
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
      const err = await rejection(h.controller.ensureSession(h.observer, abort.signal));
      expect(err.kind).to.equal('cancelled');
      expect(err.message).to.include('may still be running');
      expect(err.hint).to.include('%delete_session id-1');
      expect(h.controller.liveState()).to.equal('none');
    });
  });
});
