/**
 * Plain types shared by the parts of the local Glue endpoint (a separate server: it shares no
 * code with the kernel). The HTTP/Glue side uses an IdentityPlane for everything about who is
 * calling and what they may do; the identity side (SigV4, STS, IAM, accounts) implements it.
 */

/** An AWS-shaped error. The Glue side renders it as JSON 1.1, the STS side as query-protocol XML. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

/** The raw request as the server received it, for signature verification. */
export interface SignedRequest {
  method: string;
  /** Path without the query string, e.g. "/". */
  path: string;
  /** Raw query string without "?". */
  query: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  /**
   * An S3 request: its body is streamed after authentication, so the signature covers the
   * claimed x-amz-content-sha256 (the S3 side checks the body against it), the path is signed
   * as sent, and errors use S3's codes.
   */
  s3?: boolean;
}

export type PrincipalType = 'user' | 'assumed-role' | 'root';

/** Who made a request, as IAM sees it. */
export interface Principal {
  type: PrincipalType;
  /** arn:aws:iam::ACCT:user/NAME or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION */
  arn: string;
  accountId: string;
  /** aws:userid: AIDA... for users, AROA...:session for assumed roles. */
  userId: string;
  /** For assumed roles: the role's ARN (with path), whose policies apply. */
  roleArn?: string;
  sessionName?: string;
  /** True when the credentials are temporary (AssumeRole from them is role chaining). */
  temporary: boolean;
}

export interface Authenticated {
  principal: Principal;
  /** Region and service from the SigV4 credential scope. */
  region: string;
  service: string;
  accessKeyId: string;
}

/** Values for policy conditions: a missing key means the key is absent (Null → true). */
export type ConditionContext = Record<string, string | string[] | boolean | number | undefined>;

export interface Decision {
  allowed: boolean;
  /** AWS's wording, e.g. "User: arn:... is not authorized to perform: glue:CreateSession on
   * resource: arn:... with an explicit deny in an identity-based policy". */
  message: string;
  kind: 'allow' | 'explicit-deny' | 'implicit-deny';
}

export interface ConnectionDef {
  name: string;
  accountId: string;
  region: string;
  connectionType: string;
  subnetId?: string;
  vpcId?: string;
  securityGroupIds?: string[];
  availabilityZone?: string;
}

export interface RoleDef {
  arn: string;
  name: string;
  accountId: string;
  roleId: string;
  maxSessionDurationSeconds: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdentityPlane {
  /** Verifies SigV4 (unknown key, bad signature, expired token → AwsError). */
  authenticate(request: SignedRequest): Authenticated;
  /** Evaluates the principal's identity policies for action on resource. */
  authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: ConditionContext,
  ): Decision;
  findConnection(accountId: string, region: string, name: string): ConnectionDef | undefined;
  listConnections(accountId: string, region: string): ConnectionDef[];
  findRole(arn: string): RoleDef | undefined;
  /** Handles one STS query-protocol request (AssumeRole, GetCallerIdentity). */
  handleSts(request: SignedRequest, caller: Authenticated): Promise<HttpResponse>;
}

/** Fault injection, from flags or the account file. Rates are 0..1. */
export interface FaultSettings {
  throttleRate?: number;
  serverErrorRate?: number;
  addedLatencyMs?: number;
  provisioningDelayMs?: number;
  /** Lifetime of issued temporary credentials, seconds (overrides DurationSeconds when shorter). */
  credentialLifetimeSeconds?: number;
  /** Make new sessions fail with this ErrorMessage. */
  sessionFailure?: string;
  /** Multiplies IdleTimeout/Timeout minutes into wall time (e.g. 0.001 for tests). */
  timeScale?: number;
}
