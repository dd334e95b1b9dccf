import {
  CreateSessionCommand,
  DeleteSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  RunStatementCommand,
  type GlueClient,
  type Session,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import type { FaultSettings } from '../../../../src/local/local-types.js';
import type { PythonWorker } from '../../../../src/local/python/python-worker.js';
import {
  startGlueHarness,
  TEST_ROLE,
  type GlueHarness,
} from '../../../support/local-glue-harness.js';
import { waitUntil } from '../../../support/local-wait.js';

const command = { Name: 'glueetl', PythonVersion: '3' };

describe('local Glue endpoint: session lifecycle', () => {
  let harness: GlueHarness;
  let glue: GlueClient;

  async function start(options: { faults?: FaultSettings; python?: string } = {}): Promise<void> {
    harness = await startGlueHarness(options);
    glue = harness.client();
  }
  afterEach(() => harness.close());

  function settled(id: string, from: string[] = ['PROVISIONING']): Promise<Session> {
    return waitUntil(
      () => glue.send(new GetSessionCommand({ Id: id })),
      (r) => !from.includes(r.Session?.Status ?? ''),
    ).then((r) => r.Session!);
  }

  it('stays PROVISIONING for the provisioning delay, then READY', async () => {
    await start({ faults: { provisioningDelayMs: 400 } });
    await glue.send(new CreateSessionCommand({ Id: 'p', Role: TEST_ROLE, Command: command }));
    const early = await glue.send(new GetSessionCommand({ Id: 'p' }));
    expect(early.Session?.Status).to.equal('PROVISIONING');
    expect(early.Session?.Progress).to.equal(0);
    expect((await settled('p')).Status).to.equal('READY');
  });

  it('times an idle session out after IdleTimeout minutes × time scale and kills its worker', async () => {
    await start({ faults: { provisioningDelayMs: 0, timeScale: 0.005 } }); // 1 minute → 300 ms
    await glue.send(
      new CreateSessionCommand({
        Id: 'idle',
        Role: TEST_ROLE,
        Command: command,
        IdleTimeout: 1,
        Timeout: 60,
      }),
    );
    expect((await settled('idle')).Status).to.equal('READY');
    const ended = await settled('idle', ['READY']);
    expect(ended.Status).to.equal('TIMEOUT');
    expect(ended.ErrorMessage).to.contain('IdleTimeout of 1 minutes');
    await waitUntil(
      async () => harness.pool.size,
      (n) => n === 0,
      5000,
      'the worker to exit',
    );
    const run = await glue
      .send(new RunStatementCommand({ SessionId: 'idle', Code: '1' }))
      .catch((e: Error) => e);
    expect((run as Error).name).to.equal('IllegalSessionStateException');
  });

  it('does not count a running statement as idle time', async () => {
    await start({ faults: { provisioningDelayMs: 0, timeScale: 0.005 } });
    await glue.send(
      new CreateSessionCommand({
        Id: 'busy',
        Role: TEST_ROLE,
        Command: command,
        IdleTimeout: 1,
        Timeout: 60,
      }),
    );
    await settled('busy');
    const { Id } = await glue.send(
      new RunStatementCommand({ SessionId: 'busy', Code: 'import time\ntime.sleep(0.6)\n"done"' }),
    );
    const result = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'busy', Id })),
      (r) => r.Statement?.State === 'AVAILABLE',
    );
    expect(result.Statement?.Output?.Data?.TextPlain).to.equal("'done'\n");
  });

  it('ends a session at its Timeout although it is not idle-timed-out', async () => {
    await start({ faults: { provisioningDelayMs: 0, timeScale: 0.005 } });
    await glue.send(
      new CreateSessionCommand({
        Id: 'cap',
        Role: TEST_ROLE,
        Command: command,
        Timeout: 1,
        IdleTimeout: 60,
      }),
    );
    const ended = await settled('cap', ['PROVISIONING', 'READY']);
    expect(ended.Status).to.equal('TIMEOUT');
    expect(ended.ErrorMessage).to.contain('Timeout of 1 minutes');
  });

  it('refuses Scala sessions with a clear FAILED ErrorMessage', async () => {
    await start({ faults: { provisioningDelayMs: 0 } });
    await glue.send(
      new CreateSessionCommand({
        Id: 'scala',
        Role: TEST_ROLE,
        Command: command,
        DefaultArguments: { '--session-language': 'scala' },
      }),
    );
    const failed = await settled('scala');
    expect(failed.Status).to.equal('FAILED');
    expect(failed.ErrorMessage).to.contain('runs Python sessions only');
    expect(harness.pool.size).to.equal(0);
  });

  it('fails the session with the reason when the interpreter cannot start', async () => {
    await start({ faults: { provisioningDelayMs: 0 }, python: '/nonexistent/python3' });
    await glue.send(new CreateSessionCommand({ Id: 'nopy', Role: TEST_ROLE, Command: command }));
    const failed = await settled('nopy');
    expect(failed.Status).to.equal('FAILED');
    expect(failed.ErrorMessage).to.contain('/nonexistent/python3');
    expect(failed.ErrorMessage).to.contain('GLUE_KERNEL_LOCAL_PYTHON');
  });

  it('fails new sessions with the injected session failure', async () => {
    await start({ faults: { provisioningDelayMs: 0, sessionFailure: 'Injected: no capacity' } });
    await glue.send(new CreateSessionCommand({ Id: 'f', Role: TEST_ROLE, Command: command }));
    const failed = await settled('f');
    expect(failed).to.include({ Status: 'FAILED', ErrorMessage: 'Injected: no capacity' });
  });

  it('deletes a session while it provisions without leaving a worker behind', async () => {
    await start({ faults: { provisioningDelayMs: 200 } });
    const started = new Promise<PythonWorker>((resolve) => harness.pool.onStart(resolve));
    await glue.send(new CreateSessionCommand({ Id: 'gone', Role: TEST_ROLE, Command: command }));
    await glue.send(new DeleteSessionCommand({ Id: 'gone' }));
    const err = await glue.send(new GetSessionCommand({ Id: 'gone' })).catch((e: Error) => e);
    expect((err as Error).name).to.equal('EntityNotFoundException');
    // The worker the provisioning started (however slowly Python comes up) is stopped once the
    // provisioning finds its session gone.
    const worker = await started;
    await waitUntil(
      async () => worker.alive,
      (alive) => !alive,
      15_000,
      'the worker of the deleted session to stop',
    );
    expect(harness.pool.size).to.equal(0);
  });
});
