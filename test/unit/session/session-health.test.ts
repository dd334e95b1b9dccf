import { expect } from 'chai';
import { checkSessionHealth } from '../../../src/session/session-health.js';
import { FakeClock } from '../../../src/util/clock.js';
import { InMemoryGlueGateway } from '../../support/in-memory-glue-gateway.js';

describe('checking the READY session before a cell', () => {
  const request = {
    id: 's-1',
    role: 'arn:aws:iam::123456789012:role/R',
    command: { name: 'glueetl' as const, pythonVersion: '3' as const },
    defaultArguments: {},
  };

  async function withSession(): Promise<InMemoryGlueGateway> {
    const glue = new InMemoryGlueGateway({ clock: new FakeClock() });
    await glue.createSession(request);
    return glue;
  }

  it('finds a READY session alive', async () => {
    const health = await checkSessionHealth(await withSession(), 's-1');
    expect(health).to.deep.include({ lost: false });
    expect(health.info!.status).to.equal('READY');
  });

  it('finds a timed-out session lost, saying it is TIMEOUT', async () => {
    const glue = await withSession();
    glue.loseSession('s-1', 'TIMEOUT');
    const health = await checkSessionHealth(glue, 's-1');
    expect(health).to.deep.include({ lost: true, why: 'it is TIMEOUT' });
  });

  it('finds a deleted session lost, saying it no longer exists', async () => {
    const glue = await withSession();
    glue.loseSession('s-1', 'deleted');
    const health = await checkSessionHealth(glue, 's-1');
    expect(health).to.deep.include({ lost: true, why: 'it no longer exists' });
  });

  it('does not call a session lost because GetSession was throttled', async () => {
    const glue = await withSession();
    glue.inject({ operation: 'GetSession', name: 'ThrottlingException', message: 'Rate exceeded' });
    expect(await checkSessionHealth(glue, 's-1')).to.deep.equal({ lost: false });
  });

  it('passes on other failures, which say nothing about the session', async () => {
    const glue = await withSession();
    glue.inject({ operation: 'GetSession', name: 'AccessDeniedException', message: 'denied' });
    try {
      await checkSessionHealth(glue, 's-1');
      expect.fail('expected a rejection');
    } catch (err) {
      expect((err as { ename?: string }).ename).to.equal('AccessDeniedException');
    }
  });
});
