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
