import {
  CreateSessionCommand,
  GetSessionCommand,
  GetTagsCommand,
  GlueClient,
  ListSessionsCommand,
  StopSessionCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROLE_ARN } from '../../src/local/identity/accounts.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';
import { waitUntil } from '../support/local-wait.js';

/** The endpoint stopped and started again on one state directory (docs/local-state.md). */
describe('local endpoint state across a restart', function () {
  this.timeout(60_000);
  let stateDir: string;
  const running: LocalEndpoint[] = [];
  const start = async (dir = stateDir): Promise<{ endpoint: LocalEndpoint; glue: GlueClient }> => {
    const endpoint = await startLocalEndpoint({
      port: 0,
      stateDir: dir,
      faults: { provisioningDelayMs: 0 },
    });
    running.push(endpoint);
    const glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
    return { endpoint, glue };
  };

  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'glue-local-restart-'))));
  afterEach(async () => {
    await Promise.all(running.splice(0).map((endpoint) => endpoint.close()));
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('lists earlier sessions after a restart; a running one comes back STOPPED', async () => {
    const first = await start();
    const create = (Id: string, Tags: Record<string, string>) =>
      first.glue.send(
        new CreateSessionCommand({
          Id,
          Role: DEFAULT_ROLE_ARN,
          Command: { Name: 'glueetl' },
          Tags,
        }),
      );
    await create('kept-running', { team: 'a' });
    await create('kept-stopped', { team: 'b' });
    const status = async (id: string) =>
      (await first.glue.send(new GetSessionCommand({ Id: id }))).Session?.Status;
    await waitUntil(
      () => status('kept-stopped'),
      (s) => s === 'READY',
      15_000,
      'READY',
    );
    await first.glue.send(new StopSessionCommand({ Id: 'kept-stopped' }));
    await waitUntil(
      () => status('kept-stopped'),
      (s) => s === 'STOPPED',
      15_000,
      'STOPPED',
    );
    await waitUntil(
      () => status('kept-running'),
      (s) => s === 'READY',
      15_000,
      'READY',
    );
    // What a crash (kill -9) would leave: the records as they are while the endpoint runs.
    const crashed = mkdtempSync(join(tmpdir(), 'glue-local-crashed-'));
    const saved = async () => readFileSync(join(stateDir, 'sessions.json'), 'utf8');
    await waitUntil(saved, (text) => /"status": "READY"[^]*"status": "STOPPED"/.test(text));
    copyFileSync(join(stateDir, 'sessions.json'), join(crashed, 'sessions.json'));
    first.glue.destroy();
    await first.endpoint.close();

    const second = await start();
    const listed = await second.glue.send(new ListSessionsCommand({}));
    expect(listed.Ids).to.deep.equal(['kept-running', 'kept-stopped']);
    expect(listed.Sessions?.map((s) => s.Status)).to.deep.equal(['STOPPED', 'STOPPED']);
    const filtered = await second.glue.send(new ListSessionsCommand({ Tags: { team: 'b' } }));
    expect(filtered.Ids).to.deep.equal(['kept-stopped']);
    const arn = `arn:aws:glue:${second.endpoint.region}:123456789012:session/kept-running`;
    expect((await second.glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).to.deep.equal({
      team: 'a',
    });
    second.glue.destroy();

    const afterCrash = await start(crashed);
    const sessions = (await afterCrash.glue.send(new ListSessionsCommand({}))).Sessions ?? [];
    const [wasRunning, wasStopped] = sessions;
    expect(wasRunning?.Status).to.equal('STOPPED');
    expect(wasRunning?.ErrorMessage).to.contain('The local endpoint stopped');
    expect(wasRunning?.CompletedOn).to.be.instanceOf(Date);
    expect(wasStopped?.Status).to.equal('STOPPED');
    expect(wasStopped?.ErrorMessage).to.equal(undefined);
    afterCrash.glue.destroy();
    await afterCrash.endpoint.close();
    rmSync(crashed, { recursive: true, force: true });
  });

  it('refuses a second endpoint on the same state directory, naming the directory', async () => {
    const { endpoint, glue } = await start();
    glue.destroy();
    const err = (await startLocalEndpoint({ port: 0, stateDir }).catch((e: Error) => e)) as Error;
    expect(err.name).to.equal('StateError');
    expect(err.message).to.contain(`${stateDir}: is in use by another glue-kernel local endpoint`);
    await endpoint.close();
    const again = await start(); // free once the first one stopped
    again.glue.destroy();
  });

  it('does not start on corrupt session records, and leaves them as they are', async () => {
    const file = join(stateDir, 'sessions.json');
    writeFileSync(file, '{"version": 1, "data": {"sessions": "oops"}}');
    const err = (await startLocalEndpoint({ port: 0, stateDir }).catch((e: Error) => e)) as Error;
    expect(err.message).to.contain(`${file}: is corrupt`);
    expect(readFileSync(file, 'utf8')).to.equal('{"version": 1, "data": {"sessions": "oops"}}');
    const retry = (await startLocalEndpoint({ port: 0, stateDir }).catch((e: Error) => e)) as Error;
    expect(retry.message, 'the failed start released its lock').to.contain('is corrupt');
  });
});
