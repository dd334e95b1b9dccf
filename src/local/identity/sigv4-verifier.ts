/**
 * Verifies AWS Signature Version 4 on a received request (Authorization header, or the presigned
 * query form) against the keys the endpoint knows.
 *
 * The canonical request is built by @smithy/signature-v4's own code (canonical path, query and
 * headers) so that it is byte-for-byte what the SDKs sign; only the HMAC chain is done here with
 * node:crypto, because IdentityPlane.authenticate is synchronous and the library's signer is not.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4Base, getCanonicalHeaders } from '@smithy/signature-v4';
import { AwsError, type Authenticated, type SignedRequest } from '../local-types.js';
import type { CredentialStore } from './credential-store.js';

/** AWS refuses requests signed more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

type Problem =
  'missing' | 'incomplete' | 'unknown-key' | 'bad-signature' | 'expired-token' | 'skew';

/** S3 words the same problems its own way (S3's REST error codes). */
function s3AuthError(problem: Problem, detail: string, mismatch: string): AwsError {
  switch (problem) {
    case 'missing':
      return new AwsError(
        'AccessDenied',
        'Anonymous access is not allowed; sign the request.',
        403,
      );
    case 'incomplete':
      return new AwsError('AuthorizationHeaderMalformed', detail, 400);
    case 'unknown-key':
      return new AwsError(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
      );
    case 'expired-token':
      return new AwsError('ExpiredToken', 'The provided token has expired.', 400);
    case 'bad-signature':
      return new AwsError('SignatureDoesNotMatch', detail || mismatch, 403);
    case 'skew':
      return new AwsError(
        detail.startsWith('Signature expired: ') && detail.includes(' sec.)')
          ? 'AccessDenied'
          : 'RequestTimeTooSkewed',
        detail,
        403,
      );
  }
}

/** Error codes differ by protocol: JSON services (Glue), the query protocol (STS), S3. */
function authError(problem: Problem, service: string, detail = ''): AwsError {
  const sts = service === 'sts';
  const mismatch =
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  if (service === 's3') return s3AuthError(problem, detail, mismatch);
  switch (problem) {
    case 'missing':
      return sts
        ? new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
        : new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    case 'incomplete':
      return new AwsError(
        sts ? 'IncompleteSignature' : 'IncompleteSignatureException',
        detail,
        400,
      );
    case 'unknown-key':
      return new AwsError(
        sts ? 'InvalidClientTokenId' : 'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        403,
      );
    case 'expired-token':
      return new AwsError(
        sts ? 'ExpiredToken' : 'ExpiredTokenException',
        'The security token included in the request is expired',
        400,
      );
    case 'bad-signature':
      return new AwsError(
        sts ? 'SignatureDoesNotMatch' : 'InvalidSignatureException',
        detail || mismatch,
        403,
      );
    case 'skew':
      return new AwsError(sts ? 'SignatureDoesNotMatch' : 'InvalidSignatureException', detail, 403);
  }
}

/** Exposes the library's canonical-request builder (protected in the library). */
class CanonicalRequestBuilder extends SignatureV4Base {
  /** S3 signs the path as sent; other services sign it normalized and escaped again. */
  constructor(uriEscapePath = true) {
    super({
      uriEscapePath,
      credentials: { accessKeyId: '', secretAccessKey: '' },
      region: '',
      service: '',
      sha256: NoHash,
    });
  }
  build(...args: Parameters<SignatureV4Base['createCanonicalRequest']>): string {
    return this.createCanonicalRequest(...args);
  }
}

/** Never called: the builder only formats strings; hashing happens here with node:crypto. */
class NoHash {
  update(): void {}
  digest(): Promise<Uint8Array> {
    return Promise.reject(new Error('not used'));
  }
}

interface SignatureParts {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  securityToken?: string;
  /** Presigned URLs only: seconds of validity from amzDate. */
  expiresSeconds?: number;
}

function parseQuery(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const existing = result[name];
    if (existing === undefined) result[name] = value;
    else result[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseCredentialScope(
  credential: string,
  service: string,
): Omit<SignatureParts, 'signedHeaders' | 'signature' | 'amzDate'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((part) => part === '')) {
    throw authError(
      'incomplete',
      service,
      `Credential should be scoped to a valid region, not '${parts[2] ?? ''}'. `,
    );
  }
  const [accessKeyId = '', date = '', region = '', scopeService = ''] = parts;
  return { accessKeyId, date, region, service: scopeService };
}

function fromAuthorizationHeader(header: string, request: SignedRequest): SignatureParts {
  const guessService = /Credential=[^/]*\/[^/]*\/[^/]*\/([^/,]*)/.exec(header)?.[1] ?? '';
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw authError(
      'incomplete',
      guessService,
      `Unsupported signing algorithm; only ${ALGORITHM} is accepted.`,
    );
  }
  const fields = new Map<string, string>();
  for (const piece of header.slice(ALGORITHM.length + 1).split(',')) {
    const [name, ...rest] = piece.trim().split('=');
    if (name) fields.set(name, rest.join('='));
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const amzDate = request.headers['x-amz-date'];
  const missing = [
    ['Credential', credential],
    ['SignedHeaders', signedHeaders],
    ['Signature', signature],
    ['X-Amz-Date', amzDate],
  ].filter(([, value]) => !value);
  if (missing.length > 0 || !credential || !signedHeaders || !signature || !amzDate) {
    const names = missing.map(([name]) => name).join(', ');
    throw authError(
      'incomplete',
      guessService,
      `Authorization header requires ${names}. Authorization=${ALGORITHM}`,
    );
  }
  return {
    ...parseCredentialScope(credential, guessService),
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    securityToken: request.headers['x-amz-security-token'],
  };
}

function fromPresignedQuery(query: Record<string, string | string[]>): SignatureParts {
  const credential = single(query['X-Amz-Credential']) ?? '';
  const service = credential.split('/')[3] ?? '';
  const signedHeaders = single(query['X-Amz-SignedHeaders']);
  const signature = single(query['X-Amz-Signature']);
  const amzDate = single(query['X-Amz-Date']);
  const expires = Number(single(query['X-Amz-Expires']) ?? 'NaN');
  if (
    single(query['X-Amz-Algorithm']) !== ALGORITHM ||
    !signedHeaders ||
    !signature ||
    !amzDate ||
    !Number.isInteger(expires)
  ) {
    throw authError(
      'incomplete',
      service,
      'AWS query-string parameters must include X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Expires.',
    );
  }
  return {
    ...parseCredentialScope(credential, service),
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    securityToken: single(query['X-Amz-Security-Token']),
    expiresSeconds: expires,
  };
}

function parseAmzDate(amzDate: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

function formatAmzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class SigV4Verifier {
  private readonly canonical = new CanonicalRequestBuilder();
  private readonly s3Canonical = new CanonicalRequestBuilder(false);

  constructor(
    private readonly store: CredentialStore,
    private readonly now: () => number,
  ) {}

  verify(request: SignedRequest): Authenticated {
    const query = parseQuery(request.query);
    const authorization = request.headers['authorization'];
    let parts: SignatureParts;
    if (authorization) parts = fromAuthorizationHeader(authorization, request);
    else if (query['X-Amz-Signature'] !== undefined) parts = fromPresignedQuery(query);
    else
      throw authError(
        'missing',
        request.s3 ? 's3' : request.headers['x-amz-target'] ? 'glue' : 'sts',
      );
    const { service } = parts;

    const stored = this.store.find(parts.accessKeyId);
    if (!stored) throw authError('unknown-key', service);
    // A temporary key needs its own token; a long-term key takes none (AWS refuses any token).
    const tokenMatches =
      stored.sessionToken === undefined
        ? parts.securityToken === undefined
        : sameText(parts.securityToken ?? '', stored.sessionToken);
    if (!tokenMatches) throw authError('unknown-key', service);
    const now = this.now();
    if (stored.expiresAt !== undefined && now >= stored.expiresAt)
      throw authError('expired-token', service);
    this.checkTime(parts, now);

    const expected = this.expectedSignature(request, query, parts, stored.secretAccessKey);
    if (!sameText(expected, parts.signature)) throw authError('bad-signature', service);
    return {
      principal: stored.principal,
      region: parts.region,
      service,
      accessKeyId: parts.accessKeyId,
    };
  }

  private checkTime(parts: SignatureParts, now: number): void {
    const signedAt = parseAmzDate(parts.amzDate);
    if (signedAt === undefined || parts.amzDate.slice(0, 8) !== parts.date) {
      throw authError(
        'bad-signature',
        parts.service,
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parts.date}' != '${parts.amzDate.slice(0, 8)}', from '${parts.amzDate}'.`,
      );
    }
    if (parts.expiresSeconds !== undefined) {
      if (now > signedAt + parts.expiresSeconds * 1000) {
        throw authError(
          'skew',
          parts.service,
          `Signature expired: ${parts.amzDate} is now earlier than ${formatAmzDate(now - parts.expiresSeconds * 1000)} (${formatAmzDate(now)} - ${parts.expiresSeconds} sec.)`,
        );
      }
      return;
    }
    if (signedAt < now - MAX_SKEW_MS) {
      throw authError(
        'skew',
        parts.service,
        `Signature expired: ${parts.amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
      );
    }
    if (signedAt > now + MAX_SKEW_MS) {
      throw authError(
        'skew',
        parts.service,
        `Signature not yet current: ${parts.amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
      );
    }
  }

  private expectedSignature(
    request: SignedRequest,
    query: Record<string, string | string[]>,
    parts: SignatureParts,
    secret: string,
  ): string {
    const claimed = request.headers['x-amz-content-sha256'];
    let payloadHash: string;
    if (request.s3) {
      // S3 checks the body against the claimed hash itself, while it streams the body.
      payloadHash = parts.expiresSeconds !== undefined ? UNSIGNED_PAYLOAD : (claimed ?? '');
    } else {
      const bodyHash = createHash('sha256').update(request.body).digest('hex');
      // A claimed payload hash that differs from the body means the body was changed in transit.
      payloadHash = claimed === UNSIGNED_PAYLOAD ? claimed : bodyHash;
      if (claimed !== undefined && claimed !== UNSIGNED_PAYLOAD && claimed !== bodyHash) return '';
    }

    const headers: Record<string, string> = {};
    for (const name of parts.signedHeaders) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    const httpRequest = {
      method: request.method.toUpperCase(),
      protocol: 'http:',
      hostname: request.headers['host'] ?? '',
      path: request.s3 ? request.path : safeDecodePath(request.path),
      query,
      headers,
    };
    const canonicalHeaders = getCanonicalHeaders(
      httpRequest,
      undefined,
      new Set(parts.signedHeaders),
    );
    if (Object.keys(canonicalHeaders).length !== parts.signedHeaders.length) return '';
    const builder = request.s3 ? this.s3Canonical : this.canonical;
    const canonicalRequest = builder.build(httpRequest, canonicalHeaders, payloadHash);
    const scope = `${parts.date}/${parts.region}/${parts.service}/aws4_request`;
    const stringToSign = [
      ALGORITHM,
      parts.amzDate,
      scope,
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    const dateKey = hmac(`AWS4${secret}`, parts.date);
    const signingKey = hmac(hmac(hmac(dateKey, parts.region), parts.service), 'aws4_request');
    return hmac(signingKey, stringToSign).toString('hex');
  }
}

/** The library escapes the path itself, so it gets the decoded form. */
function safeDecodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
