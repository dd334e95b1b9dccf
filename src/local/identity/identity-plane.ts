/**
 * The identity side of the local endpoint in one object: who is calling (SigV4 against known
 * keys), what they may do (their identity policies), which roles and connections exist, and STS.
 */
import { randomUUID } from 'node:crypto';
import type {
  Authenticated,
  ConditionContext,
  ConnectionDef,
  Decision,
  FaultSettings,
  HttpResponse,
  IdentityPlane,
  Principal,
  RoleDef,
  SignedRequest,
} from '../local-types.js';
import {
  evaluateIdentityPolicies,
  identityDecision,
  type NamedPolicy,
} from '../iam/policy-evaluator.js';
import {
  assumedRolePrincipal,
  type AccountDef,
  type Accounts,
  type RoleEntry,
} from './account-model.js';
import { CredentialStore, type RandomBytes, type StoredCredential } from './credential-store.js';
import { SigV4Verifier } from './sigv4-verifier.js';
import { StsHandler } from './sts-handler.js';

export interface IdentityPlaneOptions {
  /** Only `now()` is used; the kernel's Clock fits. */
  clock?: { now(): number };
  /** Caps issued temporary credentials (fault injection); defaults to the file's faults. */
  credentialLifetimeSeconds?: number;
  newRequestId?: () => string;
  randomBytes?: RandomBytes;
  /** Receives details AWS does not put in its messages (which side refused an AssumeRole). */
  log?: (line: string) => void;
}

/** IdentityPlane plus what the server needs around it. */
export interface LocalIdentityPlane extends IdentityPlane {
  /** Renders an error met before handleSts (e.g. from authenticate) as STS XML. */
  stsErrorResponse(error: unknown): HttpResponse;
  /** Fault settings from the accounts file, if any. */
  readonly faults: FaultSettings | undefined;
  readonly accountIds: string[];
  /**
   * Temporary credentials of `roleArn` for a session's code, as Glue gives a session its role:
   * no trust-policy check (the session's creator already passed the role with iam:PassRole).
   */
  issueRoleCredentials(
    roleArn: string,
    sessionName: string,
    lifetimeSeconds: number,
  ): StoredCredential & { sessionToken: string; expiresAt: number };
  /** Ends temporary credentials before their expiry (the session they belong to ended). */
  revokeCredentials(accessKeyId: string): void;
}

class AccountsIdentityPlane implements LocalIdentityPlane {
  private readonly store: CredentialStore;
  private readonly verifier: SigV4Verifier;
  private readonly sts: StsHandler;
  private readonly roles = new Map<string, RoleEntry>();
  private readonly userPolicies = new Map<string, NamedPolicy[]>();
  private readonly byAccount = new Map<string, AccountDef>();
  private readonly now: () => number;

  constructor(
    private readonly accounts: Accounts,
    options: IdentityPlaneOptions,
  ) {
    const clock = options.clock ?? { now: () => Date.now() };
    this.now = () => clock.now();
    for (const account of accounts.accounts) {
      this.byAccount.set(account.id, account);
      for (const role of account.roles) this.roles.set(role.arn, role);
      for (const user of account.users) this.userPolicies.set(user.arn, user.policies);
    }
    this.store = new CredentialStore(accounts, options.randomBytes);
    this.verifier = new SigV4Verifier(this.store, this.now);
    this.sts = new StsHandler({
      store: this.store,
      now: this.now,
      newRequestId: options.newRequestId ?? randomUUID,
      findRoleEntry: (arn) => this.findRoleEntry(arn),
      authorize: (principal, action, resource, context) =>
        this.authorize(principal, action, resource, context),
      credentialLifetimeSeconds:
        options.credentialLifetimeSeconds ?? accounts.faults?.credentialLifetimeSeconds,
      logDenial: options.log,
    });
  }

  get faults(): FaultSettings | undefined {
    return this.accounts.faults;
  }

  get accountIds(): string[] {
    return [...this.byAccount.keys()];
  }

  authenticate(request: SignedRequest): Authenticated {
    return this.verifier.verify(request);
  }

  authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: ConditionContext,
  ): Decision {
    const request = { action, resource, context: { ...context, ...this.globalContext(principal) } };
    if (principal.type === 'root')
      return identityDecision(principal.arn, request, { kind: 'allow' });
    const policies =
      principal.type === 'user'
        ? this.userPolicies.get(principal.arn)
        : principal.roleArn
          ? this.roles.get(principal.roleArn)?.policies
          : undefined;
    return identityDecision(
      principal.arn,
      request,
      evaluateIdentityPolicies(policies ?? [], request),
    );
  }

  /** The global condition keys AWS adds to every request. */
  private globalContext(principal: Principal): ConditionContext {
    const now = this.now();
    const context: ConditionContext = {
      'aws:userid': principal.userId,
      'aws:PrincipalArn': principal.roleArn ?? principal.arn,
      'aws:PrincipalAccount': principal.accountId,
      'aws:PrincipalType':
        principal.type === 'user' ? 'User' : principal.type === 'root' ? 'Account' : 'AssumedRole',
      'aws:CurrentTime': new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': Math.floor(now / 1000),
      'aws:SecureTransport': false,
      'aws:ViaAWSService': false,
    };
    if (principal.type === 'user') context['aws:username'] = principal.arn.split('/').pop();
    if (principal.type === 'assumed-role')
      context['aws:TokenIssueTime'] = context['aws:CurrentTime'];
    return context;
  }

  findConnection(accountId: string, region: string, name: string): ConnectionDef | undefined {
    return this.listConnections(accountId, region).find((connection) => connection.name === name);
  }

  listConnections(accountId: string, region: string): ConnectionDef[] {
    const account = this.byAccount.get(accountId);
    if (!account) return [];
    return account.connections
      .filter((connection) => connection.region === region || connection.region === '*')
      .map((connection) => ({
        ...connection,
        region,
        securityGroupIds: [...(connection.securityGroupIds ?? [])],
      }));
  }

  findRole(arn: string): RoleDef | undefined {
    const role = this.findRoleEntry(arn);
    if (!role) return undefined;
    const { arn: roleArn, name, accountId, roleId, maxSessionDurationSeconds } = role;
    return { arn: roleArn, name, accountId, roleId, maxSessionDurationSeconds };
  }

  /** Exact ARN first; a path-less ARN also finds a role that has a path. */
  private findRoleEntry(arn: string): RoleEntry | undefined {
    const exact = this.roles.get(arn);
    if (exact) return exact;
    const match = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@-]+)$/.exec(arn);
    if (!match) return undefined;
    return this.byAccount.get(match[1] ?? '')?.roles.find((role) => role.name === match[2]);
  }

  issueRoleCredentials(roleArn: string, sessionName: string, lifetimeSeconds: number) {
    const role = this.findRoleEntry(roleArn);
    if (!role) throw new Error(`role ${roleArn} is not defined`);
    const now = this.now();
    const issued = this.store.issue(
      assumedRolePrincipal(role, sessionName),
      now + lifetimeSeconds * 1000,
      now,
    );
    return { ...issued, sessionToken: issued.sessionToken!, expiresAt: issued.expiresAt! };
  }

  revokeCredentials(accessKeyId: string): void {
    this.store.revoke(accessKeyId);
  }

  handleSts(request: SignedRequest, caller: Authenticated): Promise<HttpResponse> {
    return this.sts.handle(request, caller);
  }

  stsErrorResponse(error: unknown): HttpResponse {
    return this.sts.errorResponse(error);
  }
}

export function createIdentityPlane(
  accounts: Accounts,
  options: IdentityPlaneOptions = {},
): LocalIdentityPlane {
  return new AccountsIdentityPlane(accounts, options);
}
