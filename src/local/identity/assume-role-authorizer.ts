/**
 * Who may call sts:AssumeRole on a role. The role's trust policy is a resource-based policy:
 * within one account, a trust statement naming the caller itself is enough on its own, while one
 * trusting only the account defers to the caller's identity policies; across accounts, both the
 * caller's identity policies and the trust policy must allow. An explicit deny anywhere wins.
 */
import type { ConditionContext, Decision, Principal } from '../local-types.js';
import {
  evaluateResourcePolicy,
  type Evaluation,
  type PrincipalFacts,
} from '../iam/policy-evaluator.js';
import type { RoleEntry } from './account-model.js';

export interface AssumeRoleCheck {
  caller: Principal;
  /** Undefined when no such role exists: AWS then answers with the same AccessDenied. */
  role: RoleEntry | undefined;
  roleArn: string;
  context: ConditionContext;
  identityDecision: Decision;
}

export interface AssumeRoleVerdict {
  allowed: boolean;
  message: string;
  /** For our own logs only: which side refused (AWS does not say). */
  reason: string;
}

/** The names a Principal element can use for this caller. */
export function principalFacts(principal: Principal): PrincipalFacts {
  const arns = [principal.arn];
  if (principal.roleArn) {
    arns.push(principal.roleArn);
    // Trust policies name roles by ARN; accept it with or without the role's path.
    const name = principal.roleArn.split('/').pop() ?? '';
    arns.push(`arn:aws:iam::${principal.accountId}:role/${name}`);
  }
  return { arns, accountId: principal.accountId };
}

export function authorizeAssumeRole(check: AssumeRoleCheck): AssumeRoleVerdict {
  const { caller, role, roleArn, identityDecision } = check;
  const message = `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
  if (!role) return { allowed: false, message, reason: 'no such role' };

  const trust: Evaluation = evaluateResourcePolicy(
    role.trustPolicy,
    { action: 'sts:AssumeRole', resource: role.arn, context: check.context },
    principalFacts(caller),
  );
  const sameAccount = caller.accountId === role.accountId;
  const trustedByName = trust.kind === 'allow' && trust.grantedTo === 'principal';
  const problems: string[] = [];
  if (identityDecision.kind === 'explicit-deny')
    problems.push('explicit deny in the caller identity policies');
  else if (!identityDecision.allowed && !(sameAccount && trustedByName)) {
    problems.push('no identity-based policy of the caller allows sts:AssumeRole on the role');
  }
  if (trust.kind === 'explicit-deny') problems.push('explicit deny in the trust policy');
  if (trust.kind === 'implicit-deny') problems.push('the trust policy does not trust the caller');
  if (problems.length > 0) return { allowed: false, message, reason: problems.join('; ') };
  return {
    allowed: true,
    message: '',
    reason: sameAccount && trustedByName ? 'trusted by name' : 'allowed by both sides',
  };
}
