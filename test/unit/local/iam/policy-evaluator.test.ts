import { expect } from 'chai';
import type { PolicyDocument } from '../../../../src/local/iam/policy-document.js';
import {
  evaluateIdentityPolicies,
  evaluateResourcePolicy,
  identityDecision,
  type NamedPolicy,
} from '../../../../src/local/iam/policy-evaluator.js';

const policy = (name: string, document: PolicyDocument): NamedPolicy => ({ name, document });
const SESSION = 'arn:aws:glue:us-east-1:111111111111:session/s1';

/** The owner-tag rule of AwsGlueSessionUserRestrictedPolicy, written out. */
const ownerRestricted = policy('OwnerRestricted', {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CreateOnlyWithOwnerTag',
      Effect: 'Allow',
      Action: 'glue:CreateSession',
      Resource: 'arn:aws:glue:*:*:session/*',
      Condition: {
        StringEquals: { 'aws:RequestTag/owner': '${aws:userid}' },
        'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] },
      },
    },
    {
      Sid: 'UseOwnSessions',
      Effect: 'Allow',
      Action: ['glue:RunStatement', 'glue:GetSession', 'glue:StopSession'],
      Resource: 'arn:aws:glue:*:*:session/*',
      Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:userid}' } },
    },
  ],
});

function kind(policies: NamedPolicy[], action: string, resource: string, context = {}): string {
  return evaluateIdentityPolicies(policies, { action, resource, context }).kind;
}

describe('IAM policy evaluator', () => {
  it('allows with no Condition when Action and Resource match; single Statement object works', () => {
    const allowAll = policy('p', {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'glue:*', Resource: '*' },
    });
    expect(kind([allowAll], 'glue:CreateSession', SESSION)).to.equal('allow');
    expect(kind([allowAll], 's3:GetObject', 'arn:aws:s3:::b/k')).to.equal('implicit-deny');
  });

  it('an explicit deny in any policy beats an allow in another', () => {
    const allow = policy('allow', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const deny = policy('deny', {
      Statement: [{ Sid: 'NoStop', Effect: 'Deny', Action: 'glue:StopSession', Resource: '*' }],
    });
    const result = evaluateIdentityPolicies([allow, deny], {
      action: 'glue:StopSession',
      resource: SESSION,
      context: {},
    });
    expect(result).to.deep.include({ kind: 'explicit-deny', policyName: 'deny', sid: 'NoStop' });
  });

  it('actions match case-insensitively with * and ? wildcards', () => {
    const p = policy('p', {
      Statement: [{ Effect: 'Allow', Action: ['glue:Get*', 'glue:?topSession'], Resource: '*' }],
    });
    expect(kind([p], 'GLUE:getsession', SESSION)).to.equal('allow');
    expect(kind([p], 'glue:StopSession', SESSION)).to.equal('allow');
    expect(kind([p], 'glue:CreateSession', SESSION)).to.equal('implicit-deny');
  });

  it('resources match case-sensitively with wildcards', () => {
    const p = policy('p', {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: 'arn:aws:glue:*:111111111111:session/team-?' },
      ],
    });
    expect(
      kind([p], 'glue:GetSession', 'arn:aws:glue:us-east-1:111111111111:session/team-a'),
    ).to.equal('allow');
    expect(
      kind([p], 'glue:GetSession', 'arn:aws:glue:us-east-1:111111111111:session/TEAM-a'),
    ).to.equal('implicit-deny');
    expect(
      kind([p], 'glue:GetSession', 'arn:aws:glue:us-east-1:222222222222:session/team-a'),
    ).to.equal('implicit-deny');
  });

  it('NotAction allows everything except the listed actions', () => {
    const p = policy('p', { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] });
    expect(kind([p], 'glue:CreateSession', SESSION)).to.equal('allow');
    expect(kind([p], 'iam:PassRole', 'arn:aws:iam::111111111111:role/R')).to.equal('implicit-deny');
  });

  it('Deny with NotResource denies everything but the listed resources', () => {
    const allow = policy('allow', {
      Statement: [{ Effect: 'Allow', Action: 'glue:*', Resource: '*' }],
    });
    const fence = policy('fence', {
      Statement: [
        { Effect: 'Deny', Action: 'glue:*', NotResource: 'arn:aws:glue:us-east-1:111111111111:*' },
      ],
    });
    expect(kind([allow, fence], 'glue:GetSession', SESSION)).to.equal('allow');
    expect(
      kind([allow, fence], 'glue:GetSession', 'arn:aws:glue:eu-west-1:111111111111:session/s1'),
    ).to.equal('explicit-deny');
  });

  it('the owner-tag policy allows CreateSession only with owner = ${aws:userid}', () => {
    const me = { 'aws:userid': 'AROAEXAMPLE:alice' };
    expect(
      kind([ownerRestricted], 'glue:CreateSession', SESSION, {
        ...me,
        'aws:RequestTag/owner': 'AROAEXAMPLE:alice',
        'aws:TagKeys': ['owner', 'team'],
      }),
    ).to.equal('allow');
    expect(
      kind([ownerRestricted], 'glue:CreateSession', SESSION, {
        ...me,
        'aws:RequestTag/owner': 'someone-else',
        'aws:TagKeys': ['owner'],
      }),
    ).to.equal('implicit-deny');
    expect(
      kind([ownerRestricted], 'glue:CreateSession', SESSION, { ...me, 'aws:TagKeys': ['team'] }),
    ).to.equal('implicit-deny');
    expect(
      kind([ownerRestricted], 'glue:RunStatement', SESSION, {
        ...me,
        'aws:ResourceTag/owner': 'AROAEXAMPLE:alice',
      }),
    ).to.equal('allow');
    expect(
      kind([ownerRestricted], 'glue:RunStatement', SESSION, {
        ...me,
        'aws:ResourceTag/owner': 'bob',
      }),
    ).to.equal('implicit-deny');
  });

  it('policy variables work in Resource', () => {
    const p = policy('p', {
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
      ],
    });
    expect(
      kind([p], 's3:GetObject', 'arn:aws:s3:::home/alice/notes.txt', { 'aws:username': 'alice' }),
    ).to.equal('allow');
    expect(
      kind([p], 's3:GetObject', 'arn:aws:s3:::home/bob/notes.txt', { 'aws:username': 'alice' }),
    ).to.equal('implicit-deny');
    expect(kind([p], 's3:GetObject', 'arn:aws:s3:::home/alice/notes.txt', {})).to.equal(
      'implicit-deny',
    );
  });

  it('denial messages use AWS wording', () => {
    const request = { action: 'glue:CreateSession', resource: SESSION, context: {} };
    const who = 'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/AssumeRoleSession';
    expect(identityDecision(who, request, { kind: 'explicit-deny' }).message).to.equal(
      `User: ${who} is not authorized to perform: glue:CreateSession on resource: ${SESSION} with an explicit deny in an identity-based policy`,
    );
    expect(identityDecision(who, request, { kind: 'implicit-deny' }).message).to.equal(
      `User: ${who} is not authorized to perform: glue:CreateSession on resource: ${SESSION} because no identity-based policy allows the glue:CreateSession action`,
    );
  });

  describe('trust (resource-based) policies', () => {
    const trust = (principal: unknown, extra: object = {}): NamedPolicy =>
      policy('trust', {
        Statement: [
          { Effect: 'Allow', Principal: principal as '*', Action: 'sts:AssumeRole', ...extra },
        ],
      });
    const request = {
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/R',
      context: {},
    };
    const user = { arns: ['arn:aws:iam::111111111111:user/ISBlogUser'], accountId: '111111111111' };

    it('a named principal ARN is trusted directly', () => {
      const result = evaluateResourcePolicy(
        trust({ AWS: ['arn:aws:iam::111111111111:user/ISBlogUser'] }),
        request,
        user,
      );
      expect(result).to.deep.include({ kind: 'allow', grantedTo: 'principal' });
    });

    it('an account id or :root trusts the account (delegating to its policies)', () => {
      expect(
        evaluateResourcePolicy(trust({ AWS: '111111111111' }), request, user).grantedTo,
      ).to.equal('account');
      expect(
        evaluateResourcePolicy(trust({ AWS: 'arn:aws:iam::111111111111:root' }), request, user)
          .grantedTo,
      ).to.equal('account');
      expect(
        evaluateResourcePolicy(trust({ AWS: 'arn:aws:iam::333333333333:root' }), request, user)
          .kind,
      ).to.equal('implicit-deny');
    });

    it('"*" trusts everyone; Service trusts only that service', () => {
      expect(evaluateResourcePolicy(trust('*'), request, user).kind).to.equal('allow');
      expect(
        evaluateResourcePolicy(trust({ Service: 'glue.amazonaws.com' }), request, user).kind,
      ).to.equal('implicit-deny');
      const glue = { arns: [], accountId: '', service: 'glue.amazonaws.com' };
      expect(
        evaluateResourcePolicy(trust({ Service: 'glue.amazonaws.com' }), request, glue).kind,
      ).to.equal('allow');
    });

    it('NotPrincipal applies to everyone except the listed principals', () => {
      const p = policy('np', {
        Statement: [
          {
            Effect: 'Deny',
            NotPrincipal: { AWS: 'arn:aws:iam::111111111111:user/ISBlogUser' },
            Action: '*',
          },
        ],
      });
      expect(evaluateResourcePolicy(p, request, user).kind).to.equal('implicit-deny');
      const other = { arns: ['arn:aws:iam::111111111111:user/Other'], accountId: '111111111111' };
      expect(evaluateResourcePolicy(p, request, other).kind).to.equal('explicit-deny');
    });

    it('sts:ExternalId conditions are checked', () => {
      const p = trust(
        { AWS: '111111111111' },
        { Condition: { StringEquals: { 'sts:ExternalId': 'abc-123' } } },
      );
      expect(
        evaluateResourcePolicy(p, { ...request, context: { 'sts:ExternalId': 'abc-123' } }, user)
          .kind,
      ).to.equal('allow');
      expect(
        evaluateResourcePolicy(p, { ...request, context: { 'sts:ExternalId': 'wrong' } }, user)
          .kind,
      ).to.equal('implicit-deny');
      expect(evaluateResourcePolicy(p, request, user).kind).to.equal('implicit-deny');
    });
  });
});
