/**
 * IAM policy evaluation: an explicit Deny wins over any Allow, an Allow wins over the implicit
 * deny. Identity-based policies are evaluated for a principal's own calls; resource-based
 * policies (a role's trust policy) also match the calling principal against Principal.
 */
import type { ConditionContext, Decision } from '../local-types.js';
import { conditionBlockHolds } from './conditions.js';
import { actionMatches, resourceMatches } from './matching.js';
import {
  listOf,
  statementsOf,
  type PolicyDocument,
  type PolicyStatement,
  type PrincipalBlock,
} from './policy-document.js';
import { expandPolicyVariables } from './policy-variables.js';

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

export interface EvaluationRequest {
  action: string;
  resource: string;
  context: ConditionContext;
}

/** Who is asking, in the forms a Principal element can name them. */
export interface PrincipalFacts {
  /** ARNs that name this principal (user ARN; assumed-role session ARN and its role's ARNs). */
  arns: string[];
  accountId: string;
  /** For AWS services (e.g. glue.amazonaws.com) assuming a role. */
  service?: string;
}

export type EvaluationKind = Decision['kind'];

export interface Evaluation {
  kind: EvaluationKind;
  /** The policy and statement that decided (the first Deny, or the first Allow). */
  policyName?: string;
  sid?: string;
  /** For resource policies: whether the Allow named the principal itself or only its account. */
  grantedTo?: 'principal' | 'account';
}

function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined)
    return listOf(statement.Action).some((p) => actionMatches(p, action));
  return !listOf(statement.NotAction).some((p) => actionMatches(p, action));
}

function resourceApplies(
  statement: PolicyStatement,
  resource: string,
  context: ConditionContext,
): boolean {
  const matches = (pattern: string): boolean => {
    const expanded = expandPolicyVariables(pattern, context, true);
    return expanded !== undefined && resourceMatches(expanded, resource);
  };
  if (statement.Resource !== undefined) return listOf(statement.Resource).some(matches);
  if (statement.NotResource !== undefined) return !listOf(statement.NotResource).some(matches);
  return true; // trust policies have no Resource: the role itself is the resource
}

const ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/;

/** How a Principal block names the caller: itself, only its account, or not at all. */
function principalMatch(
  block: PrincipalBlock,
  who: PrincipalFacts,
): 'principal' | 'account' | undefined {
  if (block === '*') return 'principal';
  let viaAccount = false;
  for (const name of listOf(block.AWS)) {
    if (name === '*') return 'principal';
    if (who.arns.includes(name)) return 'principal';
    const account = /^\d{12}$/.test(name) ? name : ACCOUNT_ROOT.exec(name)?.[1];
    if (account !== undefined && account === who.accountId && who.service === undefined)
      viaAccount = true;
  }
  if (who.service !== undefined && listOf(block.Service).includes(who.service)) return 'principal';
  return viaAccount ? 'account' : undefined;
}

interface Match {
  statement: PolicyStatement;
  policyName: string;
  grantedTo?: 'principal' | 'account';
}

function evaluate(
  policies: NamedPolicy[],
  request: EvaluationRequest,
  who: PrincipalFacts | undefined,
): Evaluation {
  let firstAllow: Match | undefined;
  for (const policy of policies) {
    for (const statement of statementsOf(policy.document)) {
      let grantedTo: Match['grantedTo'];
      if (who) {
        if (statement.Principal !== undefined) {
          grantedTo = principalMatch(statement.Principal, who);
          if (!grantedTo) continue;
        } else if (statement.NotPrincipal !== undefined) {
          if (principalMatch(statement.NotPrincipal, who)) continue;
          grantedTo = 'principal';
        } else continue;
      }
      if (!actionApplies(statement, request.action)) continue;
      if (!resourceApplies(statement, request.resource, request.context)) continue;
      if (!conditionBlockHolds(statement.Condition, request.context)) continue;
      if (statement.Effect === 'Deny') {
        return { kind: 'explicit-deny', policyName: policy.name, sid: statement.Sid };
      }
      const better =
        !firstAllow || (firstAllow.grantedTo === 'account' && grantedTo === 'principal');
      if (better) firstAllow = { statement, policyName: policy.name, grantedTo };
    }
  }
  if (!firstAllow) return { kind: 'implicit-deny' };
  return {
    kind: 'allow',
    policyName: firstAllow.policyName,
    sid: firstAllow.statement.Sid,
    grantedTo: firstAllow.grantedTo,
  };
}

/** Evaluates the identity-based policies attached to a user or role. */
export function evaluateIdentityPolicies(
  policies: NamedPolicy[],
  request: EvaluationRequest,
): Evaluation {
  return evaluate(policies, request, undefined);
}

/** Evaluates a resource-based policy (a trust policy) for the calling principal. */
export function evaluateResourcePolicy(
  policy: NamedPolicy,
  request: EvaluationRequest,
  who: PrincipalFacts,
): Evaluation {
  return evaluate([policy], request, who);
}

/** AWS's wording for the outcome of an identity-based evaluation. */
export function identityDecision(
  principalArn: string,
  request: EvaluationRequest,
  evaluation: Evaluation,
): Decision {
  const prefix = `User: ${principalArn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  switch (evaluation.kind) {
    case 'allow':
      return {
        allowed: true,
        kind: 'allow',
        message: `${principalArn} is allowed to perform ${request.action}`,
      };
    case 'explicit-deny':
      return {
        allowed: false,
        kind: 'explicit-deny',
        message: `${prefix} with an explicit deny in an identity-based policy`,
      };
    default:
      return {
        allowed: false,
        kind: 'implicit-deny',
        message: `${prefix} because no identity-based policy allows the ${request.action} action`,
      };
  }
}
