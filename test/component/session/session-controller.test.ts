import { expect } from 'chai';
import {
  ACCOUNT_B,
  CREATION_ROLE,
  RecordingObserver,
  SESSION_ROLE,
  sessionHarness,
} from '../../support/session-harness.js';
import { kernelErrorOf } from '../../support/kernel-error-of.js';

const VPC = {
  name: 'session_vpc',
  connectionType: 'NETWORK',
  subnetId: 'subnet-0a1b2c3d4e5f67890',
};
const denyWithoutVpc = (r: { connections?: string[]; id: string }) =>
  r.connections?.includes('session_vpc')
    ? undefined
    : {
        name: 'AccessDeniedException',
        message: `User: arn:aws:sts::${ACCOUNT_B}:assumed-role/GlueSessionCreationRole/glue-kernel-ISBlogUser is not authorized to perform: glue:CreateSession on resource: arn:aws:glue:us-east-1:${ACCOUNT_B}:session/${r.id} with an explicit deny in an identity-based policy`,
      };

describe('SessionController with the in-memory Glue backend', () => {
  it('creates nothing until a session is needed, then creates it once with the settings', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE, workerType: 'G.1X', numberOfWorkers: 5 });
    expect(h.controller.liveState()).to.equal('none');
    expect(h.glue.calls).to.have.length(0);

    const info = await h.controller.ensureSession(h.observer, h.signal);
    expect(info.status).to.equal('READY');
    expect(h.controller.liveState()).to.equal('ready');
    const again = await h.controller.ensureSession(h.observer, h.signal);
    expect(again.id).to.equal(info.id);
    expect(h.observer.summaries).to.have.length(1);
    const summary = h.observer.summaries[0]!.join('\n');
    expect(summary)
      .to.include('Worker Type: G.1X')
      .and.include('Glue Version: 4.0 (default)')
      .and.include(`Session ID: ${info.id}`);
    const sent = h.glue.session(info.id)!.request;
    expect(sent.role).to.equal(SESSION_ROLE);
    expect(sent.tags).to.deep.equal({ owner: 'AIDAISBLOGUSER' });
    expect(sent.defaultArguments['--enable-glue-datacatalog']).to.equal('true');
  });

  it('shows the explicit deny with a %connections hint, then succeeds once a VPC connection is added', async () => {
    const h = sessionHarness({ glue: { connections: [VPC] } });
    h.glue.setCreatePolicy(denyWithoutVpc);
    const identity = await h.controller.assumeRole({ roleArn: CREATION_ROLE }, h.signal);
    expect(identity.arn).to.equal(
      `arn:aws:sts::${ACCOUNT_B}:assumed-role/GlueSessionCreationRole/glue-kernel-ISBlogUser`,
    );
    h.controller.applySettings({ tags: { team: 'analytics', billing: 'Data-Platform' } });
    h.controller.applySettings({
      idleTimeout: 2880,
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 5,
      iamRole: SESSION_ROLE,
    });

    const denied = await kernelErrorOf(h.controller.ensureSession(h.observer, h.signal));
    expect(denied.ename).to.equal('AccessDeniedException');
    expect(denied.message)
      .to.include('glue:CreateSession')
      .and.include('explicit deny')
      .and.include('assumed-role/GlueSessionCreationRole');
    expect(denied.hint).to.include('%connections');
    expect(h.controller.liveState()).to.equal('none');

    h.controller.applySettings({ connections: ['session_vpc'] });
    const info = await h.controller.ensureSession(h.observer, h.signal);
    expect(info.id).to.not.equal(
      h.observer.summaries[0]!.find((l) => l.startsWith('Session ID'))!.slice(12),
    );
    expect(h.glue.session(info.id)!.request.connections).to.deep.equal(['session_vpc']);

    const report = (await h.controller.status(h.signal))!;
    expect(report.session.status).to.equal('READY');
    expect(report.tags).to.deep.equal({
      team: 'analytics',
      billing: 'Data-Platform',
      owner: 'AROAEXAMPLE:glue-kernel-ISBlogUser',
    });
    expect(report.identity!.account).to.equal(ACCOUNT_B);
    expect(report.region).to.equal('us-east-1');
  });

  it('reports provisioning progress until READY', async () => {
    const h = sessionHarness({ glue: { provisioningMs: 30_000 } });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    expect(h.observer.statuses[0]).to.equal('PROVISIONING');
    expect(h.observer.statuses.at(-1)).to.equal('READY');
  });

  it('gives up at the deadline with the last status and stops the session', async () => {
    const h = sessionHarness({
      glue: { provisioningMs: 60 * 60_000 },
      controller: { provisionDeadlineMs: 60_000 },
    });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const err = await kernelErrorOf(h.controller.ensureSession(h.observer, h.signal));
    expect(err.kind).to.equal('timeout');
    expect(err.message).to.include('still PROVISIONING').and.include('it was stopped');
    expect(h.glue.session('id-1')!.status).to.be.oneOf(['STOPPING', 'STOPPED']);
    expect(h.controller.liveState()).to.equal('none');
  });

  it('says why a session FAILED, using its ErrorMessage', async () => {
    const h = sessionHarness({ glue: { provisioningMs: 5_000 } });
    h.glue.failNextProvisioning(
      'Role arn:aws:iam::222222222222:role/x is not trusted by glue.amazonaws.com',
    );
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const err = await kernelErrorOf(h.controller.ensureSession(h.observer, h.signal));
    expect(err.message).to.include('FAILED').and.include('not trusted by glue.amazonaws.com');
    // The next attempt uses a fresh id, never the failed one.
    await h.controller.ensureSession(h.observer, h.signal);
    expect(h.controller.currentSessionId()).to.equal('id-2');
  });

  it('stops the half-created session when interrupted while provisioning', async () => {
    const h = sessionHarness({ glue: { provisioningMs: 120_000 } });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const abort = new AbortController();
    const observer = new RecordingObserver();
    observer.progress = (status) => {
      if (status === 'PROVISIONING') abort.abort();
    };
    const err = await kernelErrorOf(h.controller.ensureSession(observer, abort.signal));
    expect(err.kind).to.equal('cancelled');
    expect(err.message).to.include('provisioning').and.include('the session was stopped');
    expect(h.glue.session('id-1')!.status).to.be.oneOf(['STOPPING', 'STOPPED']);
    expect(h.controller.liveState()).to.equal('none');
  });

  it('replaces a session lost between cells, saying so and that variables are gone', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE, tags: { team: 'analytics' } });
    const first = await h.controller.ensureSession(h.observer, h.signal);
    h.glue.loseSession(first.id, 'TIMEOUT');
    h.clock.advance(60_000);
    // The session looks READY until its RunStatement says otherwise: no GetSession in between.
    expect((await h.controller.ensureSession(h.observer, h.signal)).id).to.equal(first.id);
    const result = await h.controller.runStatement('x = 1', h.observer, h.signal);
    expect(result.state).to.equal('AVAILABLE');
    const second = await h.controller.ensureSession(h.observer, h.signal);
    expect(second.id).to.not.equal(first.id);
    expect(h.glue.session(second.id)!.status).to.equal('READY');
    expect(h.observer.notices.join('\n'))
      .to.include(`Session ${first.id} was lost`)
      .and.include('TIMEOUT')
      .and.include('Variables');
    expect(h.glue.session(second.id)!.request.tags).to.include({ team: 'analytics' });
  });

  it('sends RunStatement at once after a pause, without a GetSession before it', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    h.clock.advance(5 * 60_000);
    const before = h.glue.calls.length;
    await h.controller.ensureSession(h.observer, h.signal);
    await h.controller.runStatement('x = 1', h.observer, h.signal);
    const sent = h.glue.calls.slice(before).map((c) => c.operation);
    expect(sent[0]).to.equal('RunStatement');
    expect(sent).to.not.include('GetSession');
  });

  it('runs a statement on a new session when the old one was found gone before the code ran', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const first = await h.controller.ensureSession(h.observer, h.signal);
    h.glue.loseSession(first.id, 'unavailable');
    const result = await h.controller.runStatement('1+1', h.observer, h.signal);
    expect(result.state).to.equal('AVAILABLE');
    const second = h.controller.currentSessionId()!;
    expect(second).to.not.equal(first.id);
    const ran = h.glue.calls.filter((c) => c.operation === 'RunStatement').map((c) => c.input);
    expect(ran).to.deep.equal([
      { sessionId: first.id, code: '1+1' },
      { sessionId: second, code: '1+1' },
    ]);
    expect(h.observer.notices.join('\n')).to.include('was lost').and.include('unavailable');
  });

  it('says the session was lost when its replacement is lost too, without a third try', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    h.glue.inject({
      operation: 'RunStatement',
      name: 'IllegalSessionStateException',
      message: 'Session unavailable, fail to call ReplServer',
      times: 2,
    });
    const err = await kernelErrorOf(h.controller.runStatement('1+1', h.observer, h.signal));
    expect(err.ename).to.equal('SessionLost');
    expect(err.message).to.include('unavailable');
    expect(h.controller.liveState()).to.equal('lost');
    expect(h.glue.calls.filter((c) => c.operation === 'RunStatement')).to.have.length(2);
  });

  it('runs statements and returns their outputs and errors', async () => {
    const h = sessionHarness();
    h.glue.statementScript = (code) =>
      code === 'boom'
        ? {
            durationMs: 300,
            output: {
              status: 'error',
              errorName: 'NameError',
              errorValue: "name 'boom' is not defined",
              traceback: ['Traceback...'],
            },
          }
        : { durationMs: 100, output: { status: 'ok', data: { textPlain: `ran ${code}` } } };
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    const ok = await h.controller.runStatement('x = 1', h.observer, h.signal);
    expect(ok.state).to.equal('AVAILABLE');
    expect(ok.output!.data!.textPlain).to.equal('ran x = 1');
    const failed = await h.controller.runStatement('boom', h.observer, h.signal);
    expect(failed.output!.errorName).to.equal('NameError');
    expect(failed.output!.traceback).to.deep.equal(['Traceback...']);
  });

  it('slows down on throttling instead of failing the statement', async () => {
    const h = sessionHarness();
    h.glue.statementScript = () => ({
      durationMs: 2_000,
      output: { status: 'ok', data: { textPlain: 'done' } },
    });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    h.glue.inject({
      operation: 'GetStatement',
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      times: 6,
    });
    const result = await h.controller.runStatement('work()', h.observer, h.signal);
    expect(result.output!.data!.textPlain).to.equal('done');
  });

  it('cancels an interrupted statement and says the cancel was confirmed', async () => {
    const h = sessionHarness();
    h.glue.statementScript = () => ({ durationMs: 600_000 });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    const abort = new AbortController();
    const observer = new RecordingObserver();
    observer.progress = () => abort.abort();
    const err = await kernelErrorOf(h.controller.runStatement('long()', observer, abort.signal));
    expect(err.kind).to.equal('cancelled');
    expect(err.message).to.equal('Interrupted: statement 1 was cancelled.');
  });

  it('says when a cancel was not confirmed in time', async () => {
    const h = sessionHarness();
    h.glue.statementScript = () => ({ durationMs: 600_000, ignoresCancel: true });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    const abort = new AbortController();
    const observer = new RecordingObserver();
    observer.progress = () => abort.abort();
    const err = await kernelErrorOf(h.controller.runStatement('long()', observer, abort.signal));
    expect(err.message).to.include('not confirmed within 10 s');
  });

  it('stops waiting for a cancel once the session is lost, and the next cell replaces it', async () => {
    const h = sessionHarness();
    h.glue.statementScript = () => ({ durationMs: 600_000, ignoresCancel: true });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const lost = await h.controller.ensureSession(h.observer, h.signal);
    const abort = new AbortController();
    const observer = new RecordingObserver();
    observer.progress = () => {
      abort.abort();
      // As the local endpoint does when the statement ignores the cancel: the session ends.
      h.glue.loseSession(lost.id, 'unavailable');
    };
    const err = await kernelErrorOf(h.controller.runStatement('stuck()', observer, abort.signal));
    expect(err.kind).to.equal('cancelled');
    expect(err.message).to.include('was stopped together with its session');
    expect(err.message).to.not.include('not confirmed');
    h.glue.statementScript = () => ({ durationMs: 10, output: { status: 'ok' } });
    const next = new RecordingObserver();
    expect((await h.controller.runStatement('1+1', next, h.signal)).state).to.equal('AVAILABLE');
    expect(next.notices.join('\n')).to.include(`Session ${lost.id} was lost`);
  });

  it('refreshes assumed credentials within the 5-minute margin before they expire, not earlier', async () => {
    const h = sessionHarness();
    h.sts.lifetimeMs = 60 * 60_000;
    const first = await h.controller.assumeRole({ roleArn: CREATION_ROLE }, h.signal);
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    const expiresAt = first.expiration!.getTime();
    const lastKey = () => h.glue.calls.at(-1)!.accessKeyId;

    h.clock.advance(expiresAt - 5 * 60_000 - 1_000 - h.clock.now());
    expect((await h.controller.runStatement('1', h.observer, h.signal)).state).to.equal(
      'AVAILABLE',
    );
    expect(lastKey(), 'still outside the margin: the first credentials').to.equal('ASIAASSUMED1');
    expect(h.sts.issued).to.equal(1);

    h.clock.advance(2_000);
    expect(h.clock.now()).to.be.below(expiresAt);
    expect((await h.controller.runStatement('2', h.observer, h.signal)).state).to.equal(
      'AVAILABLE',
    );
    expect(lastKey(), 'inside the margin, before expiry: fresh credentials').to.equal(
      'ASIAASSUMED2',
    );
    expect(
      h.glue.calls.filter((c) => c.operation === 'RunStatement').map((c) => c.accessKeyId),
    ).to.deep.equal(['ASIAASSUMED1', 'ASIAASSUMED2']);
    const later = await h.controller.callerIdentity();
    expect(later.expiration!.getTime()).to.be.greaterThan(expiresAt);
  });

  it('fetches fresh credentials and retries once when Glue says the cached ones expired', async () => {
    const h = sessionHarness();
    await h.controller.assumeRole({ roleArn: CREATION_ROLE }, h.signal);
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    await h.controller.ensureSession(h.observer, h.signal);
    // Revoked or skewed: the service refuses credentials the kernel still thinks are valid.
    h.glue.inject({
      operation: 'RunStatement',
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
    const result = await h.controller.runStatement('x = 1', h.observer, h.signal);
    expect(result.state).to.equal('AVAILABLE');
    expect(
      h.glue.calls.filter((c) => c.operation === 'RunStatement').map((c) => c.accessKeyId),
    ).to.deep.equal(['ASIAASSUMED1', 'ASIAASSUMED2']);
    expect(h.sts.issued).to.equal(2);
  });

  it('derives the session role from an assumed-role caller, and explains how to set one otherwise', async () => {
    const plain = sessionHarness();
    const err = await kernelErrorOf(plain.controller.ensureSession(plain.observer, plain.signal));
    expect(err.kind).to.equal('config');
    expect(err.hint).to.include('%iam_role');

    const h = sessionHarness();
    await h.controller.assumeRole({ roleArn: CREATION_ROLE }, h.signal);
    const info = await h.controller.ensureSession(h.observer, h.signal);
    expect(h.glue.session(info.id)!.request.role).to.equal(CREATION_ROLE);
    expect(h.observer.summaries[0]!.join('\n')).to.include("(the caller's role)");
  });

  it('refuses an unknown profile, listing the known ones', async () => {
    const h = sessionHarness({
      config: {
        configFile: { default: { region: 'us-east-1' }, dev: {} },
        credentialsFile: { prod: {} },
      },
    });
    h.controller.applySettings({ profile: 'nope', iamRole: SESSION_ROLE });
    const err = await kernelErrorOf(h.controller.ensureSession(h.observer, h.signal));
    expect(err.message).to.include("'nope'");
    expect(err.hint).to.include('default, dev, prod');
  });

  it('stops the session, waiting until it leaves READY, and clears it', async () => {
    const h = sessionHarness({ glue: { stoppingMs: 3_000 } });
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const info = await h.controller.ensureSession(h.observer, h.signal);
    const result = await h.controller.stopSession(h.signal);
    expect(result).to.deep.equal({ id: info.id, status: 'STOPPING' });
    expect(h.controller.liveState()).to.equal('none');
    expect(h.controller.currentSessionId()).to.equal(undefined);
    expect(await h.controller.stopSession(h.signal)).to.equal(undefined);
  });

  it('stops the live session on shutdown', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const info = await h.controller.ensureSession(h.observer, h.signal);
    await h.controller.shutdown();
    expect(h.glue.session(info.id)!.status).to.be.oneOf(['STOPPING', 'STOPPED']);
  });

  it('lists sessions by tags (AND), across pages, up to a maximum', async () => {
    const h = sessionHarness();
    const base = {
      role: SESSION_ROLE,
      command: { name: 'glueetl' as const, pythonVersion: '3' as const },
      defaultArguments: {},
    };
    for (let i = 0; i < 130; i++) {
      const tags =
        i % 2 === 0 ? { team: 'analytics', billing: 'x' } : { team: 'analytics', billing: 'y' };
      await h.glue.send('CreateSession', { ...base, id: `s-${i}`, tags });
    }
    const both = await h.controller.listSessions(
      { tags: { team: 'analytics', billing: 'x' } },
      h.signal,
    );
    expect(both).to.have.length(65);
    const limited = await h.controller.listSessions(
      { tags: { team: 'analytics' }, max: 120 },
      h.signal,
    );
    expect(limited).to.have.length(120);
  });

  it('attaches to another READY session with %reconnect and refuses one that is not READY', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const mine = await h.controller.ensureSession(h.observer, h.signal);
    const base = {
      role: SESSION_ROLE,
      command: { name: 'glueetl' as const, pythonVersion: '3' as const },
      defaultArguments: {},
    };
    await h.glue.send('CreateSession', { ...base, id: 'other' });
    await h.glue.send('CreateSession', { ...base, id: 'gone' });
    h.glue.loseSession('gone', 'STOPPED');
    const err = await kernelErrorOf(h.controller.reconnect('gone', h.signal));
    expect(err.message).to.include('STOPPED, not READY');
    const other = await h.controller.reconnect('other', h.signal);
    expect(other.id).to.equal('other');
    expect(h.controller.currentSessionId()).to.equal('other');
    expect(h.glue.session(mine.id)!.status).to.equal('READY');
  });

  it('tags the live session and keeps the tags for the next one', async () => {
    const h = sessionHarness();
    await h.controller.assumeRole({ roleArn: CREATION_ROLE }, h.signal);
    h.controller.applySettings({ iamRole: SESSION_ROLE });
    const info = await h.controller.ensureSession(h.observer, h.signal);
    await h.controller.tagLiveSession({ cost: 'c1' }, h.signal);
    expect(await h.glue.send('GetTags', { resourceArn: h.glue.sessionArn(info.id) })).to.include({
      cost: 'c1',
    });
    expect(h.controller.resolve('tags')!.value).to.include({ cost: 'c1' });
  });

  it('keeps neither the live session nor the next one tagged when TagResource fails', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ iamRole: SESSION_ROLE, tags: { team: 'analytics' } });
    const info = await h.controller.ensureSession(h.observer, h.signal);
    h.glue.inject({
      operation: 'TagResource',
      name: 'AccessDeniedException',
      message: 'User is not authorized to perform: glue:TagResource',
    });
    const err = await kernelErrorOf(h.controller.tagLiveSession({ cost: 'c1' }, h.signal));
    expect(err.ename).to.equal('AccessDeniedException');
    expect(
      await h.glue.send('GetTags', { resourceArn: h.glue.sessionArn(info.id) }),
    ).to.not.have.property('cost');
    expect(h.controller.resolve('tags')!.value).to.deep.equal({ team: 'analytics' });
  });
});
