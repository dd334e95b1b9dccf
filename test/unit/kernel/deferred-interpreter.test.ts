import { expect } from 'chai';
import { DeferredInterpreter } from '../../../src/kernel/deferred-interpreter.js';
import type { Interpreter, KernelInfo } from '../../../src/kernel-api/interpreter.js';
import { EchoInterpreter } from '../../support/echo-interpreter.js';
import { FakeExecutionContext } from '../../support/fake-execution-context.js';

const STATIC_INFO: KernelInfo = {
  implementation: 'glue-kernel',
  implementation_version: '0.0.0',
  banner: 'static',
  language_info: { name: 'python', version: '3', mimetype: 'text/x-python', file_extension: '.py' },
};

describe('DeferredInterpreter', () => {
  it('answers kernel_info before the real interpreter has loaded', () => {
    let loads = 0;
    const deferred = new DeferredInterpreter(STATIC_INFO, async () => {
      loads++;
      return new EchoInterpreter();
    });
    expect(deferred.kernelInfo().banner).to.equal('static');
    expect(deferred.isComplete('x')).to.deep.equal({ status: 'unknown' });
    expect(loads).to.equal(0);
  });

  it('runs requests on the real interpreter once loaded, loading it only once', async () => {
    let loads = 0;
    const echo = new EchoInterpreter();
    const deferred = new DeferredInterpreter(STATIC_INFO, async () => {
      loads++;
      return echo;
    });
    const direct = await echo.execute('print hi', new FakeExecutionContext());
    const ctx = new FakeExecutionContext();
    const outcome = await deferred.execute('print hi', ctx);
    await deferred.execute('print again', new FakeExecutionContext());
    expect(outcome).to.deep.equal(direct);
    expect(ctx.outputs).to.deep.include({ type: 'stream', name: 'stdout', text: 'hi\n' });
    expect(loads).to.equal(1);
    expect(deferred.kernelInfo()).to.deep.equal(echo.kernelInfo());
  });

  it('turns a failed load into an error outcome instead of a crash', async () => {
    const deferred = new DeferredInterpreter(STATIC_INFO, () =>
      Promise.reject(new Error('module missing')),
    );
    const outcome = await deferred.execute('x', new FakeExecutionContext());
    expect(outcome.status).to.equal('error');
    expect(outcome.status === 'error' && outcome.evalue).to.include('module missing');
    await deferred.shutdown(false); // nothing to stop, and no throw
  });

  it('shuts down the loaded interpreter', async () => {
    let stopped = false;
    const echo = new EchoInterpreter();
    const spy: Interpreter = Object.assign(Object.create(echo) as Interpreter, {
      shutdown: async () => {
        stopped = true;
      },
    });
    const deferred = new DeferredInterpreter(STATIC_INFO, async () => spy);
    await deferred.load();
    await deferred.shutdown(false);
    expect(stopped).to.equal(true);
  });
});
