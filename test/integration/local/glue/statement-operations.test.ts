import {
  CancelStatementCommand,
  CreateSessionCommand,
  GetSessionCommand,
  GetStatementCommand,
  ListStatementsCommand,
  RunStatementCommand,
  StopSessionCommand,
  type GlueClient,
  type Statement,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import {
  startGlueHarness,
  TEST_ROLE,
  type GlueHarness,
} from '../../../support/local-glue-harness.js';
import { waitUntil } from '../../../support/local-wait.js';

const FINAL = ['AVAILABLE', 'CANCELLED', 'ERROR'];

describe('local Glue endpoint: statements', () => {
  let harness: GlueHarness;
  let glue: GlueClient;

  before(async () => {
    harness = await startGlueHarness();
    glue = harness.client();
    await glue.send(
      new CreateSessionCommand({
        Id: 'py',
        Role: TEST_ROLE,
        Command: { Name: 'glueetl', PythonVersion: '3' },
      }),
    );
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'py' })),
      (r) => r.Session?.Status === 'READY',
    );
  });
  after(() => harness.close());

  async function run(code: string): Promise<Statement> {
    const { Id } = await glue.send(new RunStatementCommand({ SessionId: 'py', Code: code }));
    const done = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'py', Id })),
      (r) => FINAL.includes(r.Statement?.State ?? ''),
    );
    return done.Statement!;
  }

  it('runs code and returns stdout plus the last value, with ids from 0', async () => {
    const first = await run("total = sum(range(10))\nprint('hello')\ntotal");
    expect(first.Id).to.equal(0);
    expect(first.State).to.equal('AVAILABLE');
    expect(first.Output?.Status).to.equal('ok');
    expect(first.Output?.Data?.TextPlain).to.equal('hello\n45\n');
    expect(first.Output?.ExecutionCount).to.equal(0);
    expect(first.Progress).to.equal(1);
    expect(first.StartedOn).to.be.a('number');
    expect(first.CompletedOn).to.be.at.least(first.StartedOn!);
    expect(first.StartedOn).to.be.greaterThan(1e12); // epoch milliseconds
    const second = await run('total * 2');
    expect(second.Id).to.equal(1);
    expect(second.Output?.Data?.TextPlain).to.equal('90\n');
  });

  it('returns an exception as ErrorName, ErrorValue and Traceback', async () => {
    const failed = await run("{}['missing']");
    expect(failed.State).to.equal('AVAILABLE');
    expect(failed.Output?.Status).to.equal('error');
    expect(failed.Output?.ErrorName).to.equal('KeyError');
    expect(failed.Output?.ErrorValue).to.equal("'missing'");
    expect(failed.Output?.Traceback?.join('')).to.contain("{}['missing']");
  });

  it('cancels a running time.sleep(30) (CANCELLING → CANCELLED) and the next statement works', async () => {
    const { Id } = await glue.send(
      new RunStatementCommand({ SessionId: 'py', Code: 'import time\ntime.sleep(30)' }),
    );
    await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'py', Id })),
      (r) => r.Statement?.State === 'RUNNING',
    );
    await glue.send(new CancelStatementCommand({ SessionId: 'py', Id }));
    const cancelled = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'py', Id })),
      (r) => r.Statement?.State === 'CANCELLED',
    );
    expect(cancelled.Statement?.CompletedOn).to.be.a('number');
    expect((await run('1 + 1')).Output?.Data?.TextPlain).to.equal('2\n');
  });

  it('queues statements (WAITING) behind a running one and runs them in order', async () => {
    const a = await glue.send(
      new RunStatementCommand({
        SessionId: 'py',
        Code: 'import time\ntime.sleep(0.3)\norder = ["a"]',
      }),
    );
    const b = await glue.send(
      new RunStatementCommand({ SessionId: 'py', Code: 'order.append("b")\norder' }),
    );
    const waiting = await glue.send(new GetStatementCommand({ SessionId: 'py', Id: b.Id }));
    expect(waiting.Statement?.State).to.equal('WAITING');
    const done = await waitUntil(
      () => glue.send(new GetStatementCommand({ SessionId: 'py', Id: b.Id })),
      (r) => FINAL.includes(r.Statement?.State ?? ''),
    );
    expect(done.Statement?.Output?.Data?.TextPlain).to.equal("['a', 'b']\n");
    expect(b.Id).to.equal(a.Id! + 1);
  });

  it('lists the statements of the session', async () => {
    const list = await glue.send(new ListStatementsCommand({ SessionId: 'py' }));
    const ids = list.Statements?.map((s) => s.Id) ?? [];
    expect(ids.slice(0, 3)).to.deep.equal([0, 1, 2]);
    expect(list.Statements?.[0]?.Code).to.contain('total = sum(range(10))');
  });

  it('answers unknown statements and sessions with EntityNotFoundException', async () => {
    const unknown = await glue
      .send(new GetStatementCommand({ SessionId: 'py', Id: 999 }))
      .catch((e: Error) => e);
    expect((unknown as Error).name).to.equal('EntityNotFoundException');
    const noSession = await glue
      .send(new RunStatementCommand({ SessionId: 'none', Code: '1' }))
      .catch((e: Error) => e);
    expect((noSession as Error).name).to.equal('EntityNotFoundException');
    const tooLong = await glue
      .send(new RunStatementCommand({ SessionId: 'py', Code: 'x'.repeat(68_001) }))
      .catch((e: Error) => e);
    expect((tooLong as Error).name).to.equal('ValidationException');
  });

  it('refuses statements on a session that is not READY', async () => {
    await glue.send(
      new CreateSessionCommand({ Id: 'other', Role: TEST_ROLE, Command: { Name: 'glueetl' } }),
    );
    const early = await glue
      .send(new RunStatementCommand({ SessionId: 'other', Code: '1' }))
      .catch((e: Error) => e);
    expect((early as Error).name).to.equal('IllegalSessionStateException');
    expect((early as Error).message).to.contain('status=PROVISIONING');
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'other' })),
      (r) => r.Session?.Status === 'READY',
    );
    await glue.send(new StopSessionCommand({ Id: 'other' }));
    const stopped = await glue
      .send(new RunStatementCommand({ SessionId: 'other', Code: '1' }))
      .catch((e: Error) => e);
    expect((stopped as Error).name).to.equal('IllegalSessionStateException');
  });
});
