import { expect } from 'chai';
import { loadAccounts } from '../../../../src/local/identity/accounts.js';
import {
  createIdentityPlane,
  type LocalIdentityPlane,
} from '../../../../src/local/identity/identity-plane.js';
import type { Principal } from '../../../../src/local/local-types.js';

const creationSession: Principal = {
  type: 'assumed-role',
  arn: 'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession',
  accountId: '222222222222',
  userId: 'AROASESSIONCREATION01:AssumeRoleSession',
  roleArn: 'arn:aws:iam::222222222222:role/GlueSessionCreationRole',
  sessionName: 'AssumeRoleSession',
  temporary: true,
};
const SESSION = 'arn:aws:glue:us-east-1:222222222222:session/s1';

describe('identity plane (scenario accounts)', () => {
  let plane: LocalIdentityPlane;
  before(async () => {
    plane = createIdentityPlane(await loadAccounts('notebooks/scenario-accounts.json'), {
      clock: { now: () => Date.UTC(2026, 0, 1) },
    });
  });

  it('CreateSession with no connection: explicit deny (DenyNoVpc), in AWS wording', () => {
    expect(plane.authorize(creationSession, 'glue:CreateSession', SESSION, {}).message).to.equal(
      `User: ${creationSession.arn} is not authorized to perform: glue:CreateSession on resource: ${SESSION} with an explicit deny in an identity-based policy`,
    );
  });

  it('CreateSession in session_vpc is allowed; in other_vpc it is explicitly denied', () => {
    const good = plane.findConnection('222222222222', 'us-east-1', 'session_vpc');
    const other = plane.findConnection('222222222222', 'us-east-1', 'other_vpc');
    expect(
      plane.authorize(creationSession, 'glue:CreateSession', SESSION, {
        'glue:VpcIds': [good?.vpcId ?? ''],
      }).kind,
    ).to.equal('allow');
    expect(
      plane.authorize(creationSession, 'glue:CreateSession', SESSION, {
        'glue:VpcIds': [other?.vpcId ?? ''],
      }).kind,
    ).to.equal('explicit-deny');
  });

  it('a role session may only do what its role allows (implicit deny wording)', () => {
    const decision = plane.authorize(creationSession, 's3:DeleteBucket', 'arn:aws:s3:::data', {});
    expect(decision).to.deep.equal({
      allowed: false,
      kind: 'implicit-deny',
      message: `User: ${creationSession.arn} is not authorized to perform: s3:DeleteBucket on resource: arn:aws:s3:::data because no identity-based policy allows the s3:DeleteBucket action`,
    });
    expect(
      plane.authorize(
        creationSession,
        'iam:PassRole',
        'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
        {},
      ).allowed,
    ).to.equal(true);
  });

  it('adds global keys: ${aws:userid} resolves for the caller', async () => {
    const accounts = await loadAccounts('notebooks/scenario-accounts.json');
    const role = accounts.accounts[1]?.roles.find((r) => r.name === 'GlueSessionCreationRole');
    role?.policies.push({
      name: 'OwnerOnly',
      document: {
        Statement: [
          {
            Effect: 'Deny',
            Action: 'glue:StopSession',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:ResourceTag/owner': '${aws:userid}' } },
          },
        ],
      },
    });
    const withOwner = createIdentityPlane(accounts);
    expect(
      withOwner.authorize(creationSession, 'glue:StopSession', SESSION, {
        'aws:ResourceTag/owner': creationSession.userId,
      }).kind,
    ).to.equal('allow');
    expect(
      withOwner.authorize(creationSession, 'glue:StopSession', SESSION, {
        'aws:ResourceTag/owner': 'someone',
      }).kind,
    ).to.equal('explicit-deny');
  });

  it('connections are per account and region', () => {
    expect(plane.listConnections('222222222222', 'us-east-1').map((c) => c.name)).to.deep.equal([
      'session_vpc',
      'other_vpc',
    ]);
    expect(plane.findConnection('222222222222', 'eu-west-1', 'session_vpc')).to.equal(undefined);
    expect(plane.listConnections('111111111111', 'us-east-1')).to.deep.equal([]);
  });

  it('finds roles by ARN', () => {
    expect(plane.findRole('arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog')).to.deep.equal({
      arn: 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
      name: 'AWSGlueServiceRole-blog',
      accountId: '222222222222',
      roleId: 'AROABLOGSERVICEROLE01',
      maxSessionDurationSeconds: 3600,
    });
    expect(plane.findRole('arn:aws:iam::222222222222:role/Nope')).to.equal(undefined);
  });
});
