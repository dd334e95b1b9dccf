import {
  CreateSessionCommand,
  DeleteSessionCommand,
  GetSessionCommand,
  GetTagsCommand,
  ListSessionsCommand,
  StopSessionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type GlueClient,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import {
  startGlueHarness,
  TEST_ACCOUNT,
  TEST_ROLE,
  type GlueHarness,
} from '../../../support/local-glue-harness.js';
import { waitUntil } from '../../../support/local-wait.js';

const command = { Name: 'glueetl', PythonVersion: '3' };

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe('local Glue endpoint: sessions', () => {
  let harness: GlueHarness;
  let glue: GlueClient;

  beforeEach(async () => {
    harness = await startGlueHarness();
    glue = harness.client();
  });
  afterEach(() => harness.close());

  it('creates a session that provisions and becomes READY, with the real response shape', async () => {
    const created = await glue.send(
      new CreateSessionCommand({
        Id: 's1',
        Role: TEST_ROLE,
        Command: command,
        GlueVersion: '4.0',
        WorkerType: 'G.1X',
        NumberOfWorkers: 5,
        IdleTimeout: 2880,
        DefaultArguments: { '--enable-glue-datacatalog': 'true' },
        Tags: { team: 'analytics' },
      }),
    );
    expect(created.Session?.Id).to.equal('s1');
    expect(created.Session?.Status).to.equal('PROVISIONING');
    expect(created.Session?.CreatedOn).to.be.instanceOf(Date);
    const ready = await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 's1' })),
      (r) => r.Session?.Status !== 'PROVISIONING',
    );
    expect(ready.Session).to.include({
      Status: 'READY',
      Role: TEST_ROLE,
      GlueVersion: '4.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 5,
      IdleTimeout: 2880,
      MaxCapacity: 5,
    });
    expect(ready.Session?.Command).to.deep.equal(command);
    expect(ready.Session?.DefaultArguments).to.deep.equal({ '--enable-glue-datacatalog': 'true' });
  });

  it('refuses a duplicate id and names a missing session', async () => {
    await glue.send(new CreateSessionCommand({ Id: 'dup', Role: TEST_ROLE, Command: command }));
    const dup = await rejection(
      glue.send(new CreateSessionCommand({ Id: 'dup', Role: TEST_ROLE, Command: command })),
    );
    expect(dup.name).to.equal('AlreadyExistsException');
    const missing = await rejection(glue.send(new GetSessionCommand({ Id: 'nope' })));
    expect(missing.name).to.equal('EntityNotFoundException');
    expect(missing.message).to.equal('Session nope not found.');
    expect(missing.$metadata?.httpStatusCode).to.equal(400);
  });

  it('validates fields with AWS limits and messages', async () => {
    const badRole = await rejection(
      glue.send(
        new CreateSessionCommand({ Id: 'x', Role: 'not-a-role-arn-at-all', Command: command }),
      ),
    );
    expect(badRole.name).to.equal('ValidationException');
    expect(badRole.message).to.contain("at 'role' failed to satisfy constraint");
    const badName = await rejection(
      glue.send(
        new CreateSessionCommand({ Id: 'x', Role: TEST_ROLE, Command: { Name: 'pythonshell' } }),
      ),
    );
    expect(badName.name).to.equal('InvalidInputException');
    const both = await rejection(
      glue.send(
        new CreateSessionCommand({
          Id: 'x',
          Role: TEST_ROLE,
          Command: command,
          MaxCapacity: 5,
          WorkerType: 'G.1X',
          NumberOfWorkers: 2,
        }),
      ),
    );
    expect(both.message).to.contain('not both');
    const half = await rejection(
      glue.send(
        new CreateSessionCommand({
          Id: 'x',
          Role: TEST_ROLE,
          Command: command,
          NumberOfWorkers: 2,
        }),
      ),
    );
    expect(half.message).to.contain('both WorkerType and NumberOfWorkers');
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = await rejection(
      glue.send(
        new CreateSessionCommand({ Id: 'x', Role: TEST_ROLE, Command: command, Tags: tags }),
      ),
    );
    expect(tooMany.name).to.equal('ValidationException');
    const args = await rejection(
      glue.send(
        new CreateSessionCommand({
          Id: 'x',
          Role: TEST_ROLE,
          Command: command,
          DefaultArguments: { 'bad key!': 'v' },
        }),
      ),
    );
    expect(args.message).to.contain('regular expression pattern');
    const multiline = await rejection(
      glue.send(new CreateSessionCommand({ Id: 'a\nb', Role: TEST_ROLE, Command: command })),
    );
    expect(multiline.name).to.equal('ValidationException');
    const nul = await rejection(
      glue.send(new CreateSessionCommand({ Id: 'a\u0000b', Role: TEST_ROLE, Command: command })),
    );
    expect(nul.name).to.equal('ValidationException');
    expect(nul.message).to.contain("at 'id' failed to satisfy constraint");
    const reservedTag = await rejection(
      glue.send(
        new CreateSessionCommand({
          Id: 'x',
          Role: TEST_ROLE,
          Command: command,
          Tags: { 'aws:owner': 'me' },
        }),
      ),
    );
    expect(reservedTag.name).to.equal('InvalidInputException');
    expect(reservedTag.message).to.contain("'aws:'");
    const unknownRole = await rejection(
      glue.send(
        new CreateSessionCommand({
          Id: 'x',
          Role: `arn:aws:iam::${TEST_ACCOUNT}:role/Missing`,
          Command: command,
        }),
      ),
    );
    expect(unknownRole.name).to.equal('InvalidInputException');
    expect(unknownRole.message).to.contain('does not exist');
    // Nothing was created by the refused requests.
    const list = await glue.send(new ListSessionsCommand({}));
    expect(list.Ids).to.deep.equal([]);
  });

  it('scopes sessions per region', async () => {
    await glue.send(new CreateSessionCommand({ Id: 'east', Role: TEST_ROLE, Command: command }));
    const west = harness.client('eu-west-1');
    expect((await west.send(new ListSessionsCommand({}))).Ids).to.deep.equal([]);
    const err = await rejection(west.send(new GetSessionCommand({ Id: 'east' })));
    expect(err.name).to.equal('EntityNotFoundException');
  });

  it('lists with an AND tag filter applied before pagination, and an opaque NextToken', async () => {
    for (let i = 0; i < 7; i += 1) {
      const tags: Record<string, string> = { team: i % 2 === 0 ? 'analytics' : 'other' };
      if (i % 3 === 0) tags.billing = 'Data-Platform';
      await glue.send(
        new CreateSessionCommand({ Id: `s${i}`, Role: TEST_ROLE, Command: command, Tags: tags }),
      );
    }
    const matching: string[] = [];
    let token: string | undefined;
    do {
      const page = await glue.send(
        new ListSessionsCommand({
          Tags: { team: 'analytics', billing: 'Data-Platform' },
          MaxResults: 1,
          NextToken: token,
        }),
      );
      expect(page.Ids).to.have.length(1);
      expect(page.Sessions?.map((s) => s.Id)).to.deep.equal(page.Ids);
      matching.push(...(page.Ids ?? []));
      token = page.NextToken;
    } while (token);
    expect(matching).to.deep.equal(['s0', 's6']);
    const all = await glue.send(new ListSessionsCommand({ MaxResults: 5 }));
    expect(all.Ids).to.deep.equal(['s0', 's1', 's2', 's3', 's4']);
    const rest = await glue.send(
      new ListSessionsCommand({ MaxResults: 5, NextToken: all.NextToken }),
    );
    expect(rest.Ids).to.deep.equal(['s5', 's6']);
    expect(rest.NextToken).to.equal(undefined);
    const bad = await rejection(glue.send(new ListSessionsCommand({ NextToken: 'garbage' })));
    expect(bad.name).to.equal('InvalidInputException');
    const range = await rejection(glue.send(new ListSessionsCommand({ MaxResults: 1001 })));
    expect(range.name).to.equal('ValidationException');
  });

  it('reads, adds and removes tags on the session ARN; delete removes them', async () => {
    await glue.send(
      new CreateSessionCommand({
        Id: 't1',
        Role: TEST_ROLE,
        Command: command,
        Tags: { team: 'analytics' },
      }),
    );
    const arn = `arn:aws:glue:us-east-1:${TEST_ACCOUNT}:session/t1`;
    await glue.send(
      new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { billing: 'Data-Platform' } }),
    );
    expect((await glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).to.deep.equal({
      team: 'analytics',
      billing: 'Data-Platform',
    });
    await glue.send(new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: ['team'] }));
    expect((await glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).to.deep.equal({
      billing: 'Data-Platform',
    });
    expect((await glue.send(new DeleteSessionCommand({ Id: 't1' }))).Id).to.equal('t1');
    const gone = await rejection(glue.send(new GetTagsCommand({ ResourceArn: arn })));
    expect(gone.name).to.equal('EntityNotFoundException');
    const notGlue = await rejection(
      glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:s3:::bucket' })),
    );
    expect(notGlue.name).to.equal('ValidationException');
    const reserved = await rejection(
      glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: { 'AWS:x': 'v' } })),
    );
    expect(reserved.name).to.equal('InvalidInputException');
  });

  it('stops a READY session (STOPPING → STOPPED) and refuses to stop it again', async () => {
    await glue.send(new CreateSessionCommand({ Id: 'st', Role: TEST_ROLE, Command: command }));
    await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'st' })),
      (r) => r.Session?.Status === 'READY',
    );
    expect((await glue.send(new StopSessionCommand({ Id: 'st' }))).Id).to.equal('st');
    const stopped = await waitUntil(
      () => glue.send(new GetSessionCommand({ Id: 'st' })),
      (r) => r.Session?.Status === 'STOPPED',
    );
    expect(stopped.Session?.CompletedOn).to.be.instanceOf(Date);
    const again = await rejection(glue.send(new StopSessionCommand({ Id: 'st' })));
    expect(again.name).to.equal('IllegalSessionStateException');
    expect(harness.pool.size).to.equal(0);
  });

  it('authorizes CreateSession with tag keys and the session ARN, and PassRole on the role', async () => {
    await glue.send(
      new CreateSessionCommand({
        Id: 'auth',
        Role: TEST_ROLE,
        Command: command,
        Tags: { team: 'a' },
      }),
    );
    const create = harness.authorizations.find((a) => a.action === 'glue:CreateSession');
    expect(create?.resource).to.equal(`arn:aws:glue:us-east-1:${TEST_ACCOUNT}:session/auth`);
    expect(create?.context).to.deep.include({
      'aws:RequestTag/team': 'a',
      'aws:TagKeys': ['team'],
    });
    expect(create?.context['glue:VpcIds']).to.equal(undefined);
    const pass = harness.authorizations.find((a) => a.action === 'iam:PassRole');
    expect(pass?.resource).to.equal(TEST_ROLE);
    await glue.send(new GetSessionCommand({ Id: 'auth' }));
    const get = harness.authorizations.find((a) => a.action === 'glue:GetSession');
    expect(get?.context).to.deep.equal({ 'aws:ResourceTag/team': 'a' });
  });

  it('refuses a session role of another account however the policies allow it, creating nothing', async () => {
    const foreign = 'arn:aws:iam::999988887777:role/GlueTestRole';
    const refused = await rejection(
      glue.send(new CreateSessionCommand({ Id: 'x', Role: foreign, Command: command })),
    );
    expect(refused.name).to.equal('AccessDeniedException');
    expect(refused.$metadata?.httpStatusCode).to.equal(400);
    expect(refused.message).to.match(/^Cross-account pass role is not allowed\. /);
    expect(refused.message).to.include(`${foreign} belongs to account 999988887777`);
    expect(refused.message).to.include(`is in account ${TEST_ACCOUNT}`);
    const listed = await glue.send(new ListSessionsCommand({}));
    expect(listed.Ids).to.deep.equal([]);
  });
});
