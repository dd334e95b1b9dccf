import { expect } from 'chai';
import { KernelError } from '../../../../src/errors.js';
import { freezeSessionConfig } from '../../../../src/session/settings/frozen-session-config.js';
import { buildSessionRequest } from '../../../../src/session/settings/create-session-request.js';
import type { SessionSettings } from '../../../../src/session/session-service.js';
import { SettingResolver } from '../../../../src/session/settings/setting-resolver.js';
import { SESSION_ROLE, sessionHarness } from '../../../support/session-harness.js';

function requestFor(settings: SessionSettings, env: Record<string, string> = {}) {
  const resolver = new SettingResolver({ AWS_REGION: 'us-east-1', ...env }, () => undefined);
  const config = freezeSessionConfig({
    kind: 'pyspark',
    requestOrigin: 'GluePySparkKernel',
    resolve: (k) => resolver.resolve({ iamRole: SESSION_ROLE, ...settings }, k),
  });
  return buildSessionRequest(config, { id: 'workers-test' });
}

function refusal(action: () => unknown): KernelError {
  try {
    action();
  } catch (err) {
    expect(err).to.be.instanceOf(KernelError);
    return err as KernelError;
  }
  throw new Error('expected a refusal');
}

describe('CreateSession input: worker type and number of workers go together', () => {
  it('refuses a worker type without a number of workers, naming %number_of_workers', () => {
    const err = refusal(() => requestFor({ workerType: 'G.2X' }));
    expect(err.kind).to.equal('config');
    expect(err.message).to.include('G.2X').and.include('number of workers is not');
    expect(err.hint).to.include('%number_of_workers 5');
  });

  it('refuses a number of workers without a worker type, naming %worker_type', () => {
    const err = refusal(() => requestFor({ numberOfWorkers: 10 }));
    expect(err.kind).to.equal('config');
    expect(err.message).to.include('(10)').and.include('worker type is not');
    expect(err.hint).to.include('%worker_type G.1X');
  });

  it('counts values from every source: a magic may complete one from the environment', () => {
    const r = requestFor({ numberOfWorkers: 3 }, { glue_worker_type: 'G.1X' });
    expect(r).to.deep.include({ workerType: 'G.1X', numberOfWorkers: 3 });
    expect(refusal(() => requestFor({}, { GLUE_WORKER_TYPE: 'G.1X' })).hint).to.include(
      '%number_of_workers',
    );
  });

  it('accepts both, neither, or max capacity alone; max capacity with workers keeps its own error', () => {
    expect(requestFor({ workerType: 'G.1X', numberOfWorkers: 5 })).to.deep.include({
      workerType: 'G.1X',
      numberOfWorkers: 5,
    });
    expect(requestFor({})).to.not.have.any.keys('workerType', 'numberOfWorkers', 'maxCapacity');
    expect(requestFor({ maxCapacity: 2 })).to.deep.include({ maxCapacity: 2 });
    expect(() => requestFor({ maxCapacity: 2, workerType: 'G.1X' })).to.throw(
      /max capacity and a worker type/,
    );
  });

  it('sends no CreateSession and leaves no session when only one is set', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE, workerType: 'G.1X' });
    let message = '';
    try {
      await h.controller.ensureSession(h.observer, h.signal);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.include('number of workers is not');
    expect(h.glue.calls.map((c) => c.operation)).to.not.include('CreateSession');
    expect(h.controller.liveState()).to.equal('none');
    expect(h.observer.summaries).to.deep.equal([]);

    h.controller.applySettings({ numberOfWorkers: 2 });
    const info = await h.controller.ensureSession(h.observer, h.signal);
    expect(h.glue.session(info.id)!.request).to.deep.include({
      workerType: 'G.1X',
      numberOfWorkers: 2,
    });
  });
});
