/**
 * Differential test: our evaluator against @cloud-copilot/iam-simulate. That library is AGPL, so
 * it is a dev-only oracle here and never imported from src/.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { ConditionBlock } from '../../../../src/local/iam/conditions.js';
import type { PolicyDocument, PolicyStatement } from '../../../../src/local/iam/policy-document.js';
import { evaluateIdentityPolicies } from '../../../../src/local/iam/policy-evaluator.js';
import { conditionCases } from '../../../fixtures/iam/condition-cases.js';

const ACCOUNT = '111111111111';
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:user/alice`;

type Context = Record<string, string | string[]>;

function oracle(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  context: Context,
): string {
  const result = runUnsafeSimulation(
    {
      request: {
        principal: PRINCIPAL,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: policies.map((policy, index) => ({ name: `p${index}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return (
    { Allowed: 'allow', ExplicitlyDenied: 'explicit-deny', ImplicitlyDenied: 'implicit-deny' }[
      result as string
    ] ?? String(result)
  );
}

function ours(
  policies: PolicyDocument[],
  action: string,
  resource: string,
  context: Context,
): string {
  return evaluateIdentityPolicies(
    policies.map((document, index) => ({ name: `p${index}`, document })),
    { action, resource, context },
  ).kind;
}

const SESSION = `arn:aws:glue:us-east-1:${ACCOUNT}:session/s1`;

describe('IAM evaluator agrees with iam-simulate (dev-only oracle)', () => {
  describe('on the documented condition cases', () => {
    for (const testCase of conditionCases) {
      it(testCase.name, () => {
        const policy: PolicyDocument = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'glue:CreateSession',
              Resource: '*',
              Condition: testCase.condition,
            },
          ],
        };
        const expected = oracle([policy], 'glue:CreateSession', SESSION, testCase.context);
        expect(ours([policy], 'glue:CreateSession', SESSION, testCase.context)).to.equal(expected);
        expect(expected).to.equal(testCase.holds ? 'allow' : 'implicit-deny');
      });
    }
  });

  describe('on generated policies', () => {
    const actions = [
      'glue:CreateSession',
      'glue:GetSession',
      'glue:*',
      'glue:Get*',
      'glue:*Session',
      '*',
      's3:GetObject',
    ];
    const resources = [
      '*',
      SESSION,
      `arn:aws:glue:*:${ACCOUNT}:session/*`,
      'arn:aws:glue:us-east-1:*:session/s?',
      'arn:aws:s3:::b/*',
    ];
    const teams = ['data', 'ops', 'data-*'];
    const keyValues = fc.constantFrom(...teams);
    const conditionArb: fc.Arbitrary<ConditionBlock | undefined> = fc.oneof(
      fc.constant<ConditionBlock | undefined>(undefined),
      fc
        .record({
          operator: fc.constantFrom(
            'StringEquals',
            'StringNotEquals',
            'StringLike',
            'StringNotLike',
            'StringEqualsIfExists',
            'StringNotEqualsIfExists',
          ),
          values: fc.array(keyValues, { minLength: 1, maxLength: 2 }),
        })
        .map(({ operator, values }): ConditionBlock => ({
          [operator]: { 'aws:PrincipalTag/team': values },
        })),
      fc
        .record({
          operator: fc.constantFrom(
            'ForAnyValue:StringEquals',
            'ForAllValues:StringEquals',
            'ForAnyValue:StringNotEquals',
            'ForAllValues:StringLike',
          ),
          values: fc.array(fc.constantFrom('owner', 'team', 'cost', 't*'), {
            minLength: 1,
            maxLength: 2,
          }),
        })
        .map(({ operator, values }): ConditionBlock => ({ [operator]: { 'aws:TagKeys': values } })),
      fc.constantFrom<ConditionBlock>(
        { Null: { 'aws:TagKeys': 'true' } },
        { Null: { 'aws:PrincipalTag/team': 'false' } },
      ),
    );
    const statementArb: fc.Arbitrary<PolicyStatement> = fc
      .record({
        effect: fc.constantFrom('Allow' as const, 'Deny' as const),
        notAction: fc.boolean(),
        action: fc.array(fc.constantFrom(...actions), { minLength: 1, maxLength: 2 }),
        notResource: fc.boolean(),
        resource: fc.array(fc.constantFrom(...resources), { minLength: 1, maxLength: 2 }),
        condition: conditionArb,
      })
      .map((s) => ({
        Effect: s.effect,
        ...(s.notAction ? { NotAction: s.action } : { Action: s.action }),
        ...(s.notResource ? { NotResource: s.resource } : { Resource: s.resource }),
        ...(s.condition ? { Condition: s.condition } : {}),
      }));
    const policiesArb = fc.array(
      fc
        .array(statementArb, { minLength: 1, maxLength: 3 })
        .map((Statement) => ({ Version: '2012-10-17', Statement })),
      { minLength: 1, maxLength: 2 },
    );
    const contextArb = fc.record(
      {
        'aws:PrincipalTag/team': fc.constantFrom('data', 'ops', 'data-x', 'data-*'),
        'aws:TagKeys': fc.array(fc.constantFrom('owner', 'team', 'cost'), {
          minLength: 1,
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    );
    const requestArb = fc.record({
      action: fc.constantFrom('glue:CreateSession', 'glue:GetSession', 'glue:StopSession'),
      resource: fc.constantFrom(SESSION, `arn:aws:glue:eu-west-1:${ACCOUNT}:session/s22`),
    });

    it('reach the same decision for 300 random policies and requests', () => {
      fc.assert(
        fc.property(policiesArb, requestArb, contextArb, (policies, request, context) => {
          const ctx = context as Context;
          expect(ours(policies, request.action, request.resource, ctx)).to.equal(
            oracle(policies, request.action, request.resource, ctx),
          );
        }),
        { numRuns: 300 },
      );
    });
  });
});
