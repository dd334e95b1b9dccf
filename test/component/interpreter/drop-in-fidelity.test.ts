import { expect } from 'chai';
import { interpreterHarness } from '../../support/interpreter-harness.js';
import { CREATION_ROLE, SESSION_ROLE } from '../../support/session-harness.js';

/** What a user of the official kernel meets, cell by cell, where the two kernels differ. */
describe('drop-in fidelity with the official kernel', () => {
  it('re-running a setting with the value in effect rebuilds no client and re-assumes no role', async () => {
    const h = interpreterHarness();
    await h.run(`%%assume_role\n"${CREATION_ROLE}"`);
    await h.run(`%iam_role ${SESSION_ROLE}`);
    expect((await h.run('x = 1')).outcome.status).to.equal('ok');
    const assumed = h.sts.issued;
    const identities = h.sts.identityCalls;

    for (const cell of ['%region us-east-1', '%%configure\n{"region": "us-east-1"}']) {
      const again = await h.run(cell);
      expect(again.outcome.status, again.seen).to.equal('ok');
      expect(again.ctx.text('stderr')).to.equal('');
      expect((await h.run('y = 2')).outcome.status).to.equal('ok');
    }
    expect(h.sts.issued).to.equal(assumed);
    expect(h.sts.identityCalls).to.equal(identities);
  });

  it('says "Role assumed successfully" only when a role was assumed, not for given keys', async () => {
    const h = interpreterHarness();
    const keys = await h.run(
      "%%assume_role\n{'aws_access_key_id': 'AKIAEXAMPLE', 'aws_secret_access_key': 'not-shown'}",
    );
    expect(keys.outcome.status, keys.seen).to.equal('ok');
    expect(keys.seen).not.to.include('Role assumed successfully');
    expect(keys.ctx.text()).to.include('Using the given keys for all AWS calls.');
    expect(keys.seen).not.to.include('not-shown');

    const role = await h.run(`%%assume_role\n"${CREATION_ROLE}"`);
    expect(role.ctx.text()).to.include('Role assumed successfully\n');
  });

  it("takes the official kernel's role session name as role_session_name (or session_name), not both", async () => {
    const h = interpreterHarness();
    const named = await h.run(
      `%%assume_role\n{"role_arn": "${CREATION_ROLE}", "role_session_name": "AssumeRoleSession"}`,
    );
    expect(named.ctx.text()).to.include(
      'Acting as: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession',
    );
    const defaulted = await h.run(`%%assume_role\n"${CREATION_ROLE}"`);
    expect(defaulted.ctx.text()).to.include('GlueSessionCreationRole/glue-kernel-ISBlogUser');
    const both = await h.run(
      `%%assume_role\n{"role_arn": "${CREATION_ROLE}", "session_name": "a-b", "role_session_name": "c-d"}`,
    );
    expect(both.outcome).to.deep.include({ status: 'error', ename: 'UsageError' });
    expect(both.seen).to.include('session_name or role_session_name, not both');
  });
});

describe('words a user reads', () => {
  it('%idle_timeout and %timeout show the value in effect and where it comes from', async () => {
    const h = interpreterHarness({ env: { AWS_REGION: 'us-east-1', glue_timeout: '480' } });
    const first = await h.run('%idle_timeout 60');
    expect(first.ctx.text()).to.include(
      "Current idle_timeout is 480 minutes (not set: Glue's default, the session timeout).\n",
    );
    const second = await h.run('%idle_timeout 30\n%timeout 600');
    expect(second.ctx.text()).to.include(
      'Current idle_timeout is 60 minutes (set in this notebook).\nidle_timeout has been set to 30 minutes.\n',
    );
    expect(second.ctx.text()).to.include(
      'Current timeout is 480 minutes (from the environment).\ntimeout has been set to 600 minutes.\n',
    );
    const unset = interpreterHarness();
    expect((await unset.run('%timeout 60')).ctx.text()).to.include(
      "Current timeout is 2880 minutes (not set: Glue's default for Spark ETL sessions).\n",
    );
    expect((await unset.run('%idle_timeout 30')).ctx.text()).to.include(
      "Current idle_timeout is 60 minutes (not set: Glue's default, the session timeout).\n",
    );
  });

  it('one stop message, also when Glue is still stopping the session', async () => {
    const h = interpreterHarness();
    h.glue.stoppingMs = 60_000;
    await h.run(`%iam_role ${SESSION_ROLE}`);
    await h.run('x = 1');
    const id = h.controller.currentSessionId();
    const stop = await h.run('%stop_session');
    expect(stop.ctx.text()).to.equal(
      `Stopping session: ${id}\nStopped session (Glue reports it STOPPING and finishes the stop on its own).\n`,
    );
  });

  it('a long statement without progress information shows elapsed time, not a bar stuck at 0 %', async () => {
    const h = interpreterHarness();
    await h.run(`%iam_role ${SESSION_ROLE}`);
    await h.run('x = 1');
    h.glue.statementScript = () => ({ durationMs: 10_000, noProgress: true });
    const quiet = await h.run('import time; time.sleep(10)');
    const shown = quiet.ctx.displayedText().filter((t) => t.startsWith('Statement'));
    expect(shown.length).to.be.greaterThan(0);
    for (const text of shown) expect(text).not.to.match(/%|\[/);
    expect(shown[0]).to.match(/^Statement \d+ running \(\d+s\)$/);

    h.glue.statementScript = () => ({ durationMs: 10_000 });
    const spark = await h.run('df.count()');
    expect(spark.ctx.displayedText().some((t) => /\] \d+%/.test(t))).to.equal(true);
  });
});

describe('%status', () => {
  it("shows the session's default arguments (the official Arguments Passed), credential values masked", async () => {
    const h = interpreterHarness();
    await h.glue.send('CreateSession', {
      id: 'made-elsewhere',
      role: SESSION_ROLE,
      command: { name: 'glueetl', pythonVersion: '3' },
      defaultArguments: {
        '--glue_kernel_version': '1.0.9',
        '--enable-glue-datacatalog': 'true',
        '--db_password': 'S3cret-value',
        '--conf':
          'spark.hadoop.fs.s3a.secret.key=T0ken-value --conf spark.sql.shuffle.partitions=4',
      },
    });
    await h.run('%reconnect made-elsewhere');
    const status = await h.run('%status');
    const report = status.ctx.displayedText()[0]!;
    // The mask itself is the project's one masking rule's (asterisks).
    expect(report).to.match(
      /Arguments Passed: --glue_kernel_version 1\.0\.9, --enable-glue-datacatalog true, --db_password \*{3,}, --conf spark\.hadoop\.fs\.s3a\.secret\.key=\*{3,} --conf spark\.sql\.shuffle\.partitions=4/,
    );
    expect(status.seen).not.to.include('S3cret-value');
    expect(status.seen).not.to.include('T0ken-value');
  });
});

describe('%worker_type and %number_of_workers', () => {
  it('a cell that sets only one of them gets a notice when it runs, not at the next code cell', async () => {
    const h = interpreterHarness();
    const alone = await h.run('%number_of_workers 5');
    expect(alone.outcome.status).to.equal('ok');
    expect(alone.ctx.text('stderr')).to.equal(
      'Note: the number of workers (5) is set but the worker type is not; Glue needs both, so set one with %worker_type (e.g. %worker_type G.1X) before the next session is created.\n',
    );
    const completed = await h.run('%worker_type G.1X');
    expect(completed.ctx.text('stderr')).to.equal('');
    const both = interpreterHarness();
    expect((await both.run('%number_of_workers 5\n%worker_type G.1X')).ctx.text('stderr')).to.equal(
      '',
    );
    expect((await both.run('%region us-east-1')).ctx.text('stderr')).to.equal('');
    const typeOnly = interpreterHarness();
    expect(
      (await typeOnly.run('%%configure\n{"worker_type": "G.2X"}')).ctx.text('stderr'),
    ).to.include('Note: the worker type (G.2X) is set but the number of workers is not');
  });
});

describe('editor background probes', () => {
  const PROBES = [
    '_VSCODE_InfoImport = __import__("json")\n_VSCODE_getVariableInfo(x)',
    '__vsc_ipynb_file__ = "/home/user/notebook.ipynb"',
    '%config Completer.use_jedi = False',
  ];

  it('are answered locally with an empty ok reply once the session is READY, costing no statement', async () => {
    const h = interpreterHarness();
    await h.run(`%iam_role ${SESSION_ROLE}`);
    await h.run('x = 1');
    const statements = () => h.glue.calls.filter((c) => c.operation === 'RunStatement').length;
    const before = statements();
    for (const probe of PROBES) {
      const run = await h.run(probe, { silent: true });
      expect(run.outcome, probe).to.deep.equal({ status: 'ok' });
      expect(run.ctx.outputs, probe).to.deep.equal([]);
    }
    expect(statements()).to.equal(before);

    // Any other silent request still runs as Jupyter specifies.
    await h.run('import sys; sys.version', { silent: true });
    expect(statements()).to.equal(before + 1);
  });

  it('%config typed in a cell is accepted and does nothing', async () => {
    const h = interpreterHarness();
    const run = await h.run('%config Completer.use_jedi = False');
    expect(run.outcome).to.deep.equal({ status: 'ok' });
    expect(run.ctx.outputs).to.deep.equal([]);
    expect(h.glue.calls).to.deep.equal([]);
  });
});

describe('is_complete', () => {
  it('asks for more lines while the Python after the magics is unfinished, with the indent to use', () => {
    const h = interpreterHarness();
    const ask = (code: string) => h.interpreter.isComplete(code);
    expect(ask('def f(x):')).to.deep.equal({ status: 'incomplete', indent: '    ' });
    expect(ask('%region us-east-1\nfor i in range(3):')).to.deep.equal({
      status: 'incomplete',
      indent: '    ',
    });
    expect(ask('x = (1,\n     2')).to.deep.equal({ status: 'incomplete', indent: '     ' });
    expect(ask('%region us-east-1\nfor i in range(3):\n    print(i)\n')).to.deep.equal({
      status: 'complete',
    });
    expect(ask('%%configure\n{"region":')).to.deep.include({ status: 'incomplete' });
    expect(ask('%%sql\nSELECT 1')).to.deep.equal({ status: 'complete' });
  });
});
