import { expect } from 'chai';
import { CREATION_ROLE, SESSION_ROLE } from '../../support/session-harness.js';
import { interpreterHarness } from '../../support/interpreter-harness.js';

const SETUP_CELL = [
  '%idle_timeout 2880',
  '%glue_version 4.0',
  '%worker_type G.1X',
  '%number_of_workers 5',
  `%iam_role ${SESSION_ROLE}`,
].join('\n');

const CODE_CELL = [
  'import sys',
  'from pyspark.context import SparkContext',
  'sc = SparkContext.getOrCreate()',
].join('\n');

describe('interpreter: the cross-account, VPC and tags scenario', () => {
  it('runs the scenario notebook end to end', async () => {
    const h = interpreterHarness({
      glue: {
        connections: [
          {
            name: 'session_vpc',
            connectionType: 'NETWORK',
            subnetId: 'subnet-0a1b2c3d4e5f67890',
            securityGroupIds: ['sg-0a1b2c3d4e5f67890'],
          },
        ],
      },
    });
    h.glue.setCreatePolicy((request) =>
      (request.connections ?? []).includes('session_vpc')
        ? undefined
        : {
            name: 'AccessDeniedException',
            message:
              'User: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/nb is not authorized to perform: glue:CreateSession on resource: arn:aws:glue:us-east-1:222222222222:session/x with an explicit deny in an identity-based policy',
          },
    );
    h.glue.statementScript = (code) => ({
      durationMs: 300,
      output: { status: 'ok', data: { textPlain: code.includes('SparkContext') ? '' : 'ran' } },
    });

    // 1. %%assume_role after a comment line, with a quoted ARN.
    const cell1 = await h.run(
      `# Configure the role we assume for creating the sessions\n%%assume_role\n"${CREATION_ROLE}"`,
    );
    expect(cell1.outcome).to.deep.equal({ status: 'ok' });
    expect(cell1.ctx.text()).to.include('Role assumed successfully');
    expect(cell1.ctx.text()).to.include('assumed-role/GlueSessionCreationRole');
    expect(cell1.seen).not.to.match(/assumed-secret|token-\d|base-secret/);

    // 2. %%tags as a Python dict.
    const cell2 = await h.run("%%tags\n{'team':'analytics', 'billing':'Data-Platform'}");
    expect(cell2.ctx.text()).to.equal(
      "Tag {'team': 'analytics', 'billing': 'Data-Platform'} added\n",
    );

    // 3. Line magics: each prints what it set; no session yet.
    const cell3 = await h.run(SETUP_CELL);
    expect(cell3.outcome.status).to.equal('ok');
    expect(cell3.ctx.text()).to.include('idle_timeout has been set to 2880 minutes.');
    expect(cell3.ctx.text()).to.include('Setting Glue version to: 4.0');
    expect(cell3.ctx.text()).to.include('Setting new worker type to: G.1X');
    expect(cell3.ctx.text()).to.include('Setting new number of workers to: 5');
    expect(cell3.ctx.text()).to.include(`iam_role has been set to ${SESSION_ROLE}.`);
    expect(h.controller.liveState()).to.equal('none');

    // 4. Code: CreateSession is denied without a VPC; the reply is an error with a hint.
    const cell4 = await h.run(CODE_CELL);
    expect(cell4.outcome.status).to.equal('error');
    if (cell4.outcome.status !== 'error') return;
    expect(cell4.outcome.evalue).to.include('glue:CreateSession');
    expect(cell4.outcome.evalue).to.include('explicit deny');
    expect(cell4.outcome.traceback.join('\n')).to.include('%connections');
    expect(cell4.seen).not.to.match(/assumed-secret|token-\d/);

    // 5. Add the connection, re-run cell 3 and cell 4: created in the VPC, with progress shown.
    const cell5 = await h.run(`${SETUP_CELL}\n%connections session_vpc`);
    expect(cell5.ctx.text()).to.include('Connections to be included:\nsession_vpc\n');
    h.glue.provisioningMs = 5_000;
    const cell6 = await h.run(CODE_CELL);
    expect(cell6.outcome, cell6.seen).to.deep.equal({ status: 'ok' });
    expect(cell6.ctx.text()).to.include('Trying to create a Glue session for the kernel.');
    const id = h.controller.currentSessionId()!;
    expect(cell6.ctx.text()).to.include(`Session ${id} has been created.`);
    const progress = cell6.ctx.outputs.filter((o) => o.type === 'display' || o.type === 'update');
    const first = progress[0] as { type: string; displayId?: string };
    expect(first.type).to.equal('display');
    expect(first.displayId).to.match(/^glue-session-/);
    expect(progress.length).to.be.greaterThan(1);
    expect(
      progress.slice(1).every((o) => o.type === 'update' && o.displayId === first.displayId),
    ).to.equal(true);
    expect(cell6.ctx.displayedText().at(-1)).to.match(new RegExp(`^Session ${id}: READY`));
    const request = h.glue.session(id)!.request;
    expect(request).to.deep.include({
      role: SESSION_ROLE,
      glueVersion: '4.0',
      workerType: 'G.1X',
      numberOfWorkers: 5,
      idleTimeout: 2880,
      connections: ['session_vpc'],
    });
    expect(request.tags).to.deep.include({ team: 'analytics', billing: 'Data-Platform' });

    // 6. %status shows the session, its tags and the assumed identity.
    const status = await h.run('%status');
    const report = status.ctx.displayedText()[0]!;
    expect(report).to.include(`Session ID: ${id}`);
    expect(report).to.include('Status: READY');
    expect(report).to.include(`Role: ${SESSION_ROLE}`);
    expect(report).to.include('Worker Type: G.1X');
    expect(report).to.include('Connections: session_vpc');
    expect(report).to.match(
      /Tags: \{'team': 'analytics', 'billing': 'Data-Platform', 'owner': '[^']+'\}/,
    );
    expect(report).to.include(
      'Identity: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole',
    );

    // 7. %list_sessions --tags team=analytics lists it.
    const list = await h.run('%list_sessions --tags team=analytics');
    expect(list.ctx.displayedText()[0]).to.include(`${id} (current)`);
    const none = await h.run('%list_sessions --tags team=nobody');
    expect(none.ctx.displayedText()[0]).to.equal(
      'There are no sessions to list with tags team=nobody.',
    );

    // 8. %stop_session.
    const stop = await h.run('%stop_session');
    expect(stop.ctx.text()).to.equal(`Stopping session: ${id}\nStopped session.\n`);
    expect(h.controller.currentSessionId()).to.equal(undefined);
    expect((await h.run('%status')).ctx.text()).to.equal('There is no current session.\n');
  });

  it('accepts a bare ARN, the line form, JSON tags and a dict of keys', async () => {
    const h = interpreterHarness();
    expect((await h.run(`%%assume_role\n${CREATION_ROLE}`)).ctx.text()).to.include(
      'Role assumed successfully',
    );
    expect((await h.run(`%assume_role ${CREATION_ROLE} --duration 3600`)).ctx.text()).to.include(
      'GlueSessionCreationRole',
    );
    expect((await h.run('%assume_role --clear')).ctx.text()).to.include('base credentials');
    expect((await h.run('%%tags\n{"team": "analytics"}')).ctx.text()).to.equal(
      "Tag {'team': 'analytics'} added\n",
    );
    const keys = await h.run(
      "%%assume_role\n{'aws_access_key_id': 'AKIAKEYS', 'aws_secret_access_key': 'TOPSECRETVALUE', 'aws_session_token': 'TOKENVALUE'}",
    );
    expect(keys.outcome.status).to.equal('ok');
    expect(keys.seen).not.to.include('TOPSECRETVALUE');
    expect(keys.seen).not.to.include('TOKENVALUE');
  });
});
