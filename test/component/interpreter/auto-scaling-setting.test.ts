import { expect } from 'chai';
import { interpreterHarness } from '../../support/interpreter-harness.js';
import { SESSION_ROLE } from '../../support/session-harness.js';

/**
 * `--enable-auto-scaling`, the documented Glue job parameter, as a typed setting: the magic and
 * %%configure are read by one reader, and the value reaches CreateSession's DefaultArguments.
 */
describe('the auto scaling setting, from a cell to CreateSession', () => {
  const setup = `%iam_role ${SESSION_ROLE}\n%worker_type G.1X\n%number_of_workers 10`;

  it('%enable_auto_scaling TRUE sends --enable-auto-scaling true', async () => {
    const h = interpreterHarness();
    await h.run(setup);
    const set = await h.run('%enable_auto_scaling TRUE');
    expect(set.outcome.status).to.equal('ok');
    expect(set.ctx.text()).to.equal(
      'Previous enable_auto_scaling: None\nSetting new enable_auto_scaling to: true\n',
    );
    await h.run('x = 1');
    const request = h.glue.session(h.controller.currentSessionId()!)!.request;
    expect(request.defaultArguments['--enable-auto-scaling']).to.equal('true');
    expect(request.numberOfWorkers).to.equal(10);
  });

  it('%%configure takes it with or without the dashes, and a Python boolean', async () => {
    const h = interpreterHarness();
    await h.run(setup);
    await h.run('%%configure\n{"enable-auto-scaling": False}');
    expect(h.controller.settings().enableAutoScaling).to.equal('false');
    await h.run('x = 1');
    const request = h.glue.session(h.controller.currentSessionId()!)!.request;
    expect(request.defaultArguments['--enable-auto-scaling']).to.equal('false');
  });

  it('refuses a value that is not true or false, with a hint, and changes nothing', async () => {
    const h = interpreterHarness();
    await h.run(setup);
    await h.run('%enable_auto_scaling true');
    for (const cell of [
      '%enable_auto_scaling yes',
      '%%configure\n{"--enable-auto-scaling": "on", "worker_type": "G.2X"}',
    ]) {
      const run = await h.run(cell);
      expect(run.outcome).to.deep.include({ status: 'error', ename: 'UsageError' });
      if (run.outcome.status !== 'error') continue;
      expect(run.outcome.evalue).to.match(/is not true or false \(enable auto scaling\)/);
      expect(run.outcome.traceback.join('\n')).to.include('Hint:');
    }
    expect(h.controller.settings().enableAutoScaling).to.equal('true');
    expect(h.controller.settings().workerType).to.equal('G.1X');
    expect(h.glue.calls).to.deep.equal([]);
  });
});
