import { expect } from 'chai';
import { FakeExecutionContext } from '../../support/fake-execution-context.js';
import { interpreterHarness } from '../../support/interpreter-harness.js';
import { CREATION_ROLE, SESSION_ROLE } from '../../support/session-harness.js';
import { SQL_RESULT_MARKER } from '../../../src/magics/sql.js';

const ROLE_CELL = `%iam_role ${SESSION_ROLE}`;

function createCalls(h: ReturnType<typeof interpreterHarness>): number {
  return h.glue.calls.filter((c) => c.operation === 'CreateSession').length;
}

describe('interpreter behaviours', () => {
  it('silent requests never create a session', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    const probe = await h.run('import sys; sys.version', { silent: true });
    expect(probe.outcome).to.deep.equal({ status: 'ok' });
    expect(probe.ctx.outputs).to.deep.equal([]);
    expect(createCalls(h)).to.equal(0);
    expect(h.controller.liveState()).to.equal('none');
  });

  it('validates the whole cell before applying anything, and sends nothing', async () => {
    const h = interpreterHarness();
    const run = await h.run('%region eu-west-1\n%glue_version 5.0\n%idle_timout 60\nprint(1)');
    expect(run.outcome).to.deep.include({ status: 'error', ename: 'UsageError' });
    if (run.outcome.status !== 'error') return;
    expect(run.outcome.traceback).to.deep.equal([
      'UsageError: Unknown magic %idle_timout (line 3); nothing in this cell was applied.',
      'Hint: Did you mean %idle_timeout? %help lists every magic.',
    ]);
    expect(run.ctx.outputs).to.deep.equal([]);
    expect(h.controller.settings()).to.deep.equal({});
    expect(h.glue.calls).to.deep.equal([]);
  });

  it('records config changes for the next session with the official notice, and refuses region changes', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    await h.run('x = 1');
    const id = h.controller.currentSessionId();
    const change = await h.run('%idle_timeout 60');
    expect(change.ctx.text('stderr')).to.equal(
      `You are already connected to a glueetl session ${id}.\n\nNo change will be made to the current session that is set as glueetl. The session configuration change will apply to newly created sessions.\n`,
    );
    expect(change.ctx.text()).to.include('idle_timeout has been set to 60 minutes.');
    expect(h.controller.settings().idleTimeout).to.equal(60);
    expect(h.controller.currentSessionId()).to.equal(id);

    const refused = await h.run('%idle_timeout 30\n%region eu-west-1');
    expect(refused.outcome).to.deep.include({ status: 'error', ename: 'SessionStateError' });
    expect(refused.seen).to.include('Run %stop_session first');
    expect(h.controller.settings().idleTimeout).to.equal(60);
    expect(h.controller.settings().region).to.equal(undefined);

    const same = await h.run('%region us-east-1');
    expect(same.outcome.status).to.equal('ok');
    expect(same.ctx.text('stderr')).to.equal('');
  });

  it('after %reconnect in a cell, later magics of that cell treat the session as live', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    await h.glue.send('CreateSession', {
      id: 'other-session',
      role: SESSION_ROLE,
      command: { name: 'glueetl', pythonVersion: '3' },
      defaultArguments: {},
    });
    const refused = await h.run('%reconnect other-session\n%region eu-west-1');
    expect(refused.outcome).to.deep.include({ status: 'error', ename: 'SessionStateError' });
    expect(h.controller.currentSessionId()).to.equal(undefined);

    const attached = await h.run('%reconnect other-session\n%idle_timeout 60');
    expect(attached.outcome.status).to.equal('ok');
    expect(attached.ctx.text('stderr')).to.include(
      'You are already connected to a glueetl session other-session.',
    );
    expect(h.controller.currentSessionId()).to.equal('other-session');
  });

  it('%%configure cannot move a live session to another region; -f stops it and the next one uses the new region', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    await h.run('x = 1');
    const first = h.controller.currentSessionId()!;
    const refused = await h.run('%%configure\n{"region": "eu-west-1", "idle_timeout": 30}');
    expect(refused.outcome).to.deep.include({ status: 'error', ename: 'SessionStateError' });
    expect(refused.seen).to.include('cannot change the region of a live session');
    expect(refused.seen).to.include('Run %stop_session first');
    expect(h.controller.settings()).to.deep.equal({ iamRole: SESSION_ROLE });
    const next = await h.run('y = 2');
    expect(next.outcome.status).to.equal('ok');
    expect(h.controller.currentSessionId()).to.equal(first);
    expect(createCalls(h)).to.equal(1);

    const forced = await h.run('%%configure -f\n{"region": "eu-west-1"}');
    expect(forced.outcome.status).to.equal('ok');
    expect(forced.ctx.text()).to.include(`Stopping session ${first}`);
    expect(h.controller.resolve('region')?.value).to.equal('eu-west-1');
    await h.run('z = 3');
    expect(h.controller.currentSessionId()).not.to.equal(first);
    expect(createCalls(h)).to.equal(2);
  });

  it('%profile accepts only profiles of the AWS config files, listing them otherwise', async () => {
    const h = interpreterHarness({
      config: {
        configFile: { 'analytics-dev': { region: 'eu-west-1' } },
        credentialsFile: { default: { aws_access_key_id: 'AKIAEXAMPLE' } },
      },
    });
    const refused = await h.run('%idle_timeout 60\n%profile analytcs-dev');
    expect(refused.outcome).to.deep.include({ status: 'error', ename: 'UsageError' });
    if (refused.outcome.status !== 'error') return;
    expect(refused.outcome.traceback).to.deep.equal([
      "UsageError: %profile (line 2): the AWS profile 'analytcs-dev' is not defined in the AWS config or credentials file; nothing in this cell was applied.",
      'Hint: Known profiles: analytics-dev, default.',
    ]);
    expect(refused.ctx.outputs).to.deep.equal([]);
    expect(h.controller.settings()).to.deep.equal({});

    const accepted = await h.run('%profile analytics-dev');
    expect(accepted.outcome.status).to.equal('ok');
    expect(accepted.ctx.text()).to.include('Setting new profile to: analytics-dev');
    expect(h.controller.settings().profile).to.equal('analytics-dev');
  });

  it('%%configure -f stops the live session and the next cell creates one with the new settings', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    await h.run('x = 1');
    const first = h.controller.currentSessionId()!;
    const forced = await h.run(
      '%%configure -f\n{"worker_type": "G.1X", "number_of_workers": 3, "--enable-auto-scaling": "true"}',
    );
    expect(forced.ctx.text()).to.include(`Stopping session ${first}`);
    expect(forced.ctx.text('stderr')).to.equal('');
    expect(h.controller.currentSessionId()).to.equal(undefined);
    await h.run('x = 2');
    const second = h.controller.currentSessionId()!;
    expect(second).not.to.equal(first);
    const request = h.glue.session(second)!.request;
    expect(request.numberOfWorkers).to.equal(3);
    expect(request.defaultArguments['--enable-auto-scaling']).to.equal('true');
  });

  it('%%configure echoes a dict, and sends a dict value, with its keys in the order written, as Python does', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    // JavaScript objects list integer-like keys ('2') first; Python dicts keep the order written.
    const run = await h.run('%%configure\n{"b": "1", "2": "2", "--conf-json": {"z": 1, "10": 2}}');
    expect(run.ctx.text()).to.equal(
      "The following configurations have been updated: {'b': '1', '2': '2', '--conf-json': {'z': 1, '10': 2}}\n",
    );
    await h.run('x = 1');
    const request = h.glue.session(h.controller.currentSessionId()!)!.request;
    expect(Object.keys(request.defaultArguments)).to.include.members(['--b', '--2']);
    expect(request.defaultArguments['--conf-json']).to.equal("{'z': 1, '10': 2}");
  });

  it('a session lost between cells: RunStatement finds out, the cell says so and runs on a new session', async () => {
    const h = interpreterHarness();
    h.glue.statementScript = (code) => ({
      output: { status: 'ok', data: { textPlain: code === 'print(2)' ? '2' : '' } },
    });
    await h.run(ROLE_CELL);
    await h.run('x = 1');
    const first = h.controller.currentSessionId()!;
    h.glue.loseSession(first, 'TIMEOUT');
    h.clock.advance(5 * 60_000);
    const before = h.glue.calls.length;
    const run = await h.run('print(2)');
    expect(run.outcome.status).to.equal('ok');
    const second = h.controller.currentSessionId()!;
    expect(second).to.not.equal(first);
    expect(run.seen)
      .to.include(`Session ${first} was lost`)
      .and.include('TIMEOUT')
      .and.include('Variables defined in it are gone')
      .and.include(`Session ${second} has been created.`)
      .and.include('2');
    // The lost session was found by the statement's own call; nothing asked about it first.
    const sent = h.glue.calls
      .slice(before)
      .map((c) => `${c.operation} ${JSON.stringify(c.input).includes(first) ? 'old' : 'new'}`);
    expect(sent[0]).to.equal('RunStatement old');
    expect(sent).to.not.include('GetSession old');
    expect(sent.filter((c) => c === 'RunStatement new')).to.have.length(1);
    expect(sent.indexOf('CreateSession new')).to.be.lessThan(sent.indexOf('RunStatement new'));
  });

  it('%stop_session on a session deleted outside the kernel says there is nothing to stop', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    await h.run('x = 1');
    const id = h.controller.currentSessionId()!;
    h.glue.loseSession(id, 'deleted');
    const stop = await h.run('%stop_session');
    expect(stop.outcome.status).to.equal('ok');
    expect(stop.ctx.text()).to.equal(
      `Stopping session: ${id}\nSession ${id} no longer exists (it was deleted outside this kernel); there is nothing to stop.\n`,
    );
    expect(h.controller.currentSessionId()).to.equal(undefined);
  });

  it('%delete_session and %reconnect with an unknown id say it was not found, not that it ended', async () => {
    const h = interpreterHarness();
    await h.run(ROLE_CELL);
    for (const cell of ['%delete_session nope', '%reconnect nope']) {
      const run = await h.run(cell);
      expect(run.outcome).to.deep.include({ status: 'error', ename: 'EntityNotFoundException' });
      if (run.outcome.status !== 'error') continue;
      expect(run.outcome.traceback.at(-1)).to.equal(
        "Hint: No session 'nope' was found in region us-east-1 for this account; check the id (%list_sessions shows the sessions).",
      );
      expect(run.seen).not.to.include('run the cell again');
    }
  });

  it('a credential in a Spark setting is refused and never shown; one from the environment is masked', async () => {
    const h = interpreterHarness({
      env: { AWS_REGION: 'us-east-1', glue_spark_conf: 'spark.hadoop.fs.s3a.secret.key=ENVSECRET' },
    });
    const refused = await h.run(
      "%%configure\n{'--conf': 'spark.hadoop.fs.s3a.secret.key=TOPSECRET', 'idle_timeout': 30}",
    );
    expect(refused.outcome).to.deep.include({ status: 'error', ename: 'UsageError' });
    expect(refused.seen).to.include("'spark.hadoop.fs.s3a.secret.key' holds a credential");
    expect(refused.seen).not.to.include('TOPSECRET');
    expect(h.controller.settings()).to.deep.equal({});

    const shown = await h.run('%spark_conf');
    expect(shown.ctx.text()).to.equal('spark.hadoop.fs.s3a.secret.key=***\n');
    const replaced = await h.run('%spark_conf spark.sql.shuffle.partitions=8');
    expect(replaced.seen).to.include(
      'Previous Spark configuration: spark.hadoop.fs.s3a.secret.key=***',
    );
    expect(replaced.seen).not.to.include('ENVSECRET');
  });

  it('%%tags on a live session tags it at once', async () => {
    const h = interpreterHarness();
    // The in-memory Glue lives in account B: act there, as the scenario does.
    await h.run(`%assume_role ${CREATION_ROLE}\n${ROLE_CELL}`);
    await h.run('x = 1');
    const tagged = await h.run("%%tags\n{'cost-center': '42'}");
    expect(tagged.ctx.text()).to.include("Tag {'cost-center': '42'} added");
    const status = await h.run('%status');
    expect(status.ctx.displayedText()[0]).to.include("'cost-center': '42'");
  });

  it('a remote error becomes an error outcome with the remote traceback, and the next cell works', async () => {
    const h = interpreterHarness();
    const traceback = [
      'Traceback (most recent call last):\n',
      '  File "<stdin>", line 1, in <module>\n',
      "NameError: name 'undefined_name' is not defined\n",
    ];
    h.glue.statementScript = (code) =>
      code.includes('undefined_name')
        ? {
            output: {
              status: 'error',
              errorName: 'NameError',
              errorValue: "name 'undefined_name' is not defined",
              traceback,
            },
          }
        : { output: { status: 'ok', data: { textPlain: 'fine' } } };
    await h.run(ROLE_CELL);
    const failed = await h.run('print(undefined_name)');
    expect(failed.outcome).to.deep.equal({
      status: 'error',
      ename: 'NameError',
      evalue: "name 'undefined_name' is not defined",
      traceback,
    });
    const next = await h.run('print("ok")');
    expect(next.outcome).to.deep.equal({ status: 'ok' });
    expect(next.ctx.text()).to.equal('fine\n');
  });

  it('%%sql renders a table and says when rows were cut', async () => {
    const h = interpreterHarness();
    h.glue.statementScript = (code) => {
      const limit = Number(/limit\((\d+)\)/.exec(code)?.[1] ?? 0) - 1;
      const rows = Array.from({ length: limit }, (_v, i) => [i, `<name ${i}>`]);
      const json = JSON.stringify({ columns: ['id', 'name'], rows, total: 25 });
      return { output: { status: 'ok', data: { textPlain: `${SQL_RESULT_MARKER}${json}\n` } } };
    };
    await h.run(ROLE_CELL);
    const run = await h.run('%%sql -n 3\nSELECT id, name FROM t');
    expect(run.outcome).to.deep.equal({ status: 'ok' });
    const sent = h.glue.calls.find((c) => c.operation === 'RunStatement')!.input as {
      code: string;
    };
    expect(sent.code).to.include('spark.sql("SELECT id, name FROM t")');
    const table = run.ctx.outputs.find(
      (o) =>
        o.type === 'display' &&
        'text/html' in o.data &&
        String(o.data['text/html']).includes('<table>'),
    );
    expect(table).not.to.equal(undefined);
    const bundle = (table as { data: Record<string, unknown> }).data;
    expect(String(bundle['text/plain'])).to.include('| 2  | <name 2> |');
    expect(String(bundle['text/plain'])).to.include('showing 3 of 25 rows');
    expect(String(bundle['text/html'])).to.include('<td>&lt;name 2&gt;</td>');
  });

  it('%matplot is sent after the code, and the image that comes back is displayed', async () => {
    const h = interpreterHarness();
    h.glue.statementScript = () => ({
      output: { status: 'ok', data: { mimeType: 'image/png;base64', result: 'iVBORw0KGgo=' } },
    });
    await h.run(ROLE_CELL);
    const run = await h.run('%matplot plt\nplt.plot([1, 2])');
    const sent = h.glue.calls.find((c) => c.operation === 'RunStatement')!.input as {
      code: string;
    };
    expect(sent.code).to.equal('plt.plot([1, 2])\n%matplot plt');
    const image = run.ctx.outputs.find((o) => o.type === 'display' && 'image/png' in o.data);
    expect(image).to.deep.include({
      data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<image/png image>' },
    });
  });

  it('an interrupt during a statement cancels it and says so', async () => {
    const h = interpreterHarness();
    h.glue.statementScript = () => ({
      durationMs: 60 * 60_000,
      output: { status: 'ok', data: { textPlain: 'x' } },
    });
    await h.run(ROLE_CELL);
    await h.run('warm = 1');
    const ctx = new FakeExecutionContext(9);
    ctx.onOutput = (output) => {
      if (output.type === 'display' && output.displayId?.startsWith('glue-statement-')) ctx.abort();
    };
    const run = await h.run('import time; time.sleep(3600)', { ctx });
    expect(run.outcome).to.deep.include({ status: 'error', ename: 'Interrupted' });
    if (run.outcome.status === 'error') {
      expect(run.outcome.evalue.toLowerCase()).to.include('cancel');
      expect(run.outcome.traceback[0]).to.match(/^Interrupted: statement \d+ was cancelled\.$/);
    }
    expect(ctx.displayedText().at(-1)).to.match(/^Statement \d+ interrupted/);
    const next = await h.run('print(1)');
    expect(next.outcome.status).to.equal('ok');
  });

  it('a long statement shows a progress display, closed when it finishes', async () => {
    const h = interpreterHarness();
    h.glue.statementScript = () => ({
      durationMs: 30_000,
      output: { status: 'ok', data: { textPlain: 'done' } },
    });
    await h.run(ROLE_CELL);
    await h.run('warm = 1');
    const run = await h.run('import time; time.sleep(30)');
    const shown = run.ctx.displayedText();
    expect(shown[0]).to.match(/^Statement \d+ running/);
    expect(shown.at(-1)).to.match(/^Statement \d+ finished \(\d+s\)$/);
    expect(run.ctx.text()).to.equal('done\n');
  });

  it('an interrupt while provisioning stops waiting', async () => {
    const h = interpreterHarness();
    h.glue.provisioningMs = 10 * 60_000 - 1;
    await h.run(ROLE_CELL);
    const ctx = new FakeExecutionContext(3);
    ctx.onOutput = (output) => {
      if (output.type === 'display') ctx.abort();
    };
    const run = await h.run('x = 1', { ctx });
    expect(run.outcome).to.deep.include({ status: 'error', ename: 'Interrupted' });
    expect(h.controller.liveState()).not.to.equal('ready');
  });

  it('runs ! lines locally, in order with the magics, streaming their output', async () => {
    const h = interpreterHarness();
    const run = await h.run('!echo first\n%glue_version 4.0\n!echo second >&2');
    expect(run.outcome).to.deep.equal({ status: 'ok' });
    expect(run.ctx.text()).to.equal('first\nSetting Glue version to: 4.0\n');
    expect(run.ctx.text('stderr')).to.equal('second\n');
    expect(h.glue.calls).to.deep.equal([]);
  });

  it('%help shows every magic with the kernel version; kernel_info describes Python', async () => {
    const h = interpreterHarness();
    const help = await h.run('%help');
    const shown = help.ctx.outputs[0] as { data: Record<string, unknown> };
    expect(String(shown.data['text/markdown'])).to.include('## Action Magic');
    expect(String(shown.data['text/plain'])).to.include('glue-kernel 0.1.0-test');
    const info = h.interpreter.kernelInfo();
    expect(info.implementation).to.equal('glue-kernel');
    expect(info.language_info).to.deep.include({
      name: 'python',
      file_extension: '.py',
      pygments_lexer: 'python3',
    });
  });

  it('a configuration error is shown with its hint, not as a crash', async () => {
    const h = interpreterHarness();
    const run = await h.run('x = 1');
    expect(run.outcome.status).to.equal('error');
    if (run.outcome.status !== 'error') return;
    expect(run.outcome.traceback.length).to.be.within(1, 2);
    expect(run.outcome.traceback.join('\n')).to.include('%iam_role');
    expect(run.outcome.traceback.join('\n')).not.to.match(/\n\s+at /);
  });
});
