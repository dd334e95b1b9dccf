import { expect } from 'chai';
import { GetSessionCommand, GlueClient } from '@aws-sdk/client-glue';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ROLE_ARN,
  DEFAULT_SECRET_ACCESS_KEY,
  defaultAccounts,
} from '../../src/local/identity/accounts.js';
import {
  createIdentityPlane,
  type LocalIdentityPlane,
} from '../../src/local/identity/identity-plane.js';
import { AwsError } from '../../src/local/local-types.js';
import {
  NodeSha256,
  signedGlueRequest,
  startIdentityServer,
  type IdentityTestServer,
  type SigningCredentials,
} from './local-identity-support.js';
import { sdkFailureOf } from '../support/sdk-failure-of.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const GOOD = { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY };
const LIFETIME_SECONDS = 60;

function awsErrorOf(action: () => unknown): { code: string; message: string; status: number } {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError)
      return { code: error.code, message: error.message, status: error.status };
    throw error;
  }
  throw new Error('expected an AwsError');
}

describe('SigV4 verification of the local endpoint', () => {
  /** The server's clock runs ahead by `skewMs` when a test needs time to pass. */
  let skewMs = 0;
  let plane: LocalIdentityPlane;
  let server: IdentityTestServer;
  const glue = (credentials: SigningCredentials): GlueClient =>
    new GlueClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 });
  const sts = (credentials: SigningCredentials): STSClient =>
    new STSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials, maxAttempts: 1 });

  async function temporaryCredentials(): Promise<SigningCredentials> {
    const assumed = await sts(GOOD).send(
      new AssumeRoleCommand({ RoleArn: DEFAULT_ROLE_ARN, RoleSessionName: 'sigv4-test' }),
    );
    return {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken,
    };
  }

  before(async () => {
    plane = createIdentityPlane(defaultAccounts(), {
      clock: { now: () => Date.now() + skewMs },
      credentialLifetimeSeconds: LIFETIME_SECONDS,
    });
    server = await startIdentityServer(plane);
  });
  afterEach(() => {
    skewMs = 0;
  });
  after(() => server.close());

  it('accepts a request signed by the Glue SDK with the documented default keys', async () => {
    const answer = await glue(GOOD).send(new GetSessionCommand({ Id: 'any' }));
    expect(answer.Session?.Id).to.equal('arn:aws:iam::123456789012:user/local-user');
  });

  it('reports region and service from the credential scope', async () => {
    const caller = plane.authenticate(
      await signedGlueRequest(GOOD, '{"Id":"x"}', { region: 'eu-west-1' }),
    );
    expect(caller).to.deep.include({
      region: 'eu-west-1',
      service: 'glue',
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
    });
  });

  it('an unknown access key gets UnrecognizedClientException (Glue) and InvalidClientTokenId (STS)', async () => {
    const unknown = { accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: 'whatever' };
    expect(
      await sdkFailureOf(glue(unknown).send(new GetSessionCommand({ Id: 'x' }))),
    ).to.deep.equal({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
    expect(await sdkFailureOf(sts(unknown).send(new GetCallerIdentityCommand({})))).to.deep.equal({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
  });

  it('a long-term key with an X-Amz-Security-Token it was never issued is unrecognised, as on AWS', async () => {
    const withToken = { ...GOOD, sessionToken: 'made-up-token' };
    expect(
      await sdkFailureOf(glue(withToken).send(new GetSessionCommand({ Id: 'x' }))),
    ).to.deep.include({ name: 'UnrecognizedClientException', status: 403 });
    expect(
      await sdkFailureOf(sts(withToken).send(new GetCallerIdentityCommand({}))),
    ).to.deep.include({ name: 'InvalidClientTokenId', status: 403 });
  });

  it('a wrong secret gets InvalidSignatureException / SignatureDoesNotMatch', async () => {
    const wrong = { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: 'not-the-secret' };
    const glueError = await sdkFailureOf(glue(wrong).send(new GetSessionCommand({ Id: 'x' })));
    expect(glueError).to.deep.include({ name: 'InvalidSignatureException', status: 403 });
    expect(glueError.message).to.match(
      /^The request signature we calculated does not match the signature you provided\./,
    );
    const stsError = await sdkFailureOf(sts(wrong).send(new GetCallerIdentityCommand({})));
    expect(stsError).to.deep.include({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('a body changed after signing is rejected', async () => {
    const request = await signedGlueRequest(GOOD, '{"Id":"mine"}');
    request.body = Buffer.from('{"Id":"yours"}');
    expect(awsErrorOf(() => plane.authenticate(request))).to.deep.include({
      code: 'InvalidSignatureException',
      status: 403,
    });
  });

  it('a changed signed header is rejected, an unsigned one is not', async () => {
    const request = await signedGlueRequest(GOOD, '{}');
    plane.authenticate({ ...request, headers: { ...request.headers, 'user-agent': 'changed' } });
    const tampered = {
      ...request,
      headers: { ...request.headers, 'x-amz-target': 'AWSGlue.DeleteSession' },
    };
    expect(awsErrorOf(() => plane.authenticate(tampered)).code).to.equal(
      'InvalidSignatureException',
    );
  });

  it('a signature older than 15 minutes has expired', async () => {
    const request = await signedGlueRequest(GOOD, '{}', {
      signingDate: new Date(Date.now() - 16 * 60_000),
    });
    const error = awsErrorOf(() => plane.authenticate(request));
    expect(error.code).to.equal('InvalidSignatureException');
    expect(error.message).to.match(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('temporary credentials work with their session token and not without it', async () => {
    const temporary = await temporaryCredentials();
    const identity = await sts(temporary).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).to.equal(
      'arn:aws:sts::123456789012:assumed-role/GlueLocalSessionRole/sigv4-test',
    );
    const withoutToken = {
      accessKeyId: temporary.accessKeyId,
      secretAccessKey: temporary.secretAccessKey,
    };
    expect(
      await sdkFailureOf(glue(withoutToken).send(new GetSessionCommand({ Id: 'x' }))),
    ).to.deep.include({
      name: 'UnrecognizedClientException',
    });
  });

  it('expired temporary credentials get ExpiredTokenException / ExpiredToken', async () => {
    const temporary = await temporaryCredentials();
    skewMs = (LIFETIME_SECONDS + 1) * 1000;
    expect(
      await sdkFailureOf(glue(temporary).send(new GetSessionCommand({ Id: 'x' }))),
    ).to.deep.equal({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      status: 400,
    });
    expect(
      await sdkFailureOf(sts(temporary).send(new GetCallerIdentityCommand({}))),
    ).to.deep.include({
      name: 'ExpiredToken',
      status: 400,
    });
  });

  it('a request with no signature at all is refused', () => {
    const error = awsErrorOf(() =>
      plane.authenticate({
        method: 'POST',
        path: '/',
        query: '',
        headers: { 'x-amz-target': 'AWSGlue.GetSession' },
        body: Buffer.from('{}'),
      }),
    );
    expect(error).to.deep.equal({
      code: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
      status: 403,
    });
  });

  it('accepts the presigned query-string form, until it expires', async () => {
    const signer = new SignatureV4({
      credentials: GOOD,
      region: 'us-east-1',
      service: 'sts',
      sha256: NodeSha256,
    });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: '127.0.0.1' },
      },
      { expiresIn: 300 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const request = {
      method: 'GET',
      path: '/',
      query,
      headers: { host: '127.0.0.1' },
      body: Buffer.alloc(0),
    };
    expect(plane.authenticate(request).principal.arn).to.equal(
      'arn:aws:iam::123456789012:user/local-user',
    );
    skewMs = 301_000;
    expect(awsErrorOf(() => plane.authenticate(request)).message).to.match(/^Signature expired/);
  });

  it('errors never echo the secret key or session token', async () => {
    const temporary = await temporaryCredentials();
    skewMs = (LIFETIME_SECONDS + 1) * 1000;
    await sdkFailureOf(sts(temporary).send(new GetCallerIdentityCommand({})));
    await sdkFailureOf(
      sts({ ...GOOD, secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})),
    );
    const errors = server.bodies.filter((body) => body.includes('<ErrorResponse'));
    expect(errors.length).to.be.greaterThan(0);
    for (const body of errors) {
      expect(body).to.not.include(DEFAULT_SECRET_ACCESS_KEY);
      expect(body).to.not.include(temporary.secretAccessKey);
      expect(body).to.not.include(temporary.sessionToken ?? '<no token>');
    }
  });
});
