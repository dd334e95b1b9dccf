import { expect } from 'chai';
import {
  partitionOf,
  roleFromAssumedRoleArn,
  sessionArn,
} from '../../../../src/session/aws/aws-arns.js';
import {
  isLostSessionError,
  translateAwsError,
} from '../../../../src/session/aws/aws-error-translator.js';

const sdkError = (name: string, message: string, status = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('AWS error translation by name', () => {
  const denyMsg =
    'User: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/nb is not authorized to perform: glue:CreateSession on resource: arn:aws:glue:us-east-1:222222222222:session/s1 with an explicit deny in an identity-based policy';

  const cases: [
    string,
    string,
    string,
    Record<string, string>,
    { kind: string; ename: string; message: RegExp; hint: RegExp },
  ][] = [
    [
      'AccessDeniedException',
      denyMsg,
      'CreateSession',
      {},
      {
        kind: 'aws',
        ename: 'AccessDeniedException',
        message: /explicit deny.*assumed-role.*glue:CreateSession/,
        hint: /%connections/,
      },
    ],
    [
      'AccessDeniedException',
      'User: x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::2:role/R because no identity-based policy allows the iam:PassRole action',
      'CreateSession',
      { role: 'arn:aws:iam::2:role/R' },
      {
        kind: 'aws',
        ename: 'AccessDeniedException',
        message: /iam:PassRole/,
        hint: /iam:PassRole on the session role arn:aws:iam::2:role\/R/,
      },
    ],
    [
      'AccessDenied',
      'User: arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2:role/R',
      'AssumeRole',
      { role: 'arn:aws:iam::2:role/R' },
      { kind: 'aws', ename: 'AccessDenied', message: /sts:AssumeRole/, hint: /trust policy/ },
    ],
    [
      'AccessDenied',
      'User: u is not authorized to perform: sts:AssumeRole on resource: R because no identity-based policy allows the sts:AssumeRole action',
      'AssumeRole',
      {},
      { kind: 'aws', ename: 'AccessDenied', message: /AssumeRole/, hint: /caller's own policies/ },
    ],
    [
      'ExpiredTokenException',
      'The security token included in the request is expired',
      'GetStatement',
      {},
      {
        kind: 'credentials',
        ename: 'ExpiredTokenException',
        message: /expired/,
        hint: /%%assume_role/,
      },
    ],
    [
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      'GetSession',
      {},
      {
        kind: 'credentials',
        ename: 'UnrecognizedClientException',
        message: /did not accept/,
        hint: /%profile/,
      },
    ],
    [
      'InvalidSignatureException',
      'Signature mismatch',
      'GetSession',
      {},
      {
        kind: 'credentials',
        ename: 'InvalidSignatureException',
        message: /did not accept/,
        hint: /%region/,
      },
    ],
    [
      'EntityNotFoundException',
      'Connection session_vpc not found',
      'CreateSession',
      { region: 'eu-west-1' },
      {
        kind: 'aws',
        ename: 'EntityNotFoundException',
        message: /session_vpc/,
        hint: /%region \(eu-west-1\)/,
      },
    ],
    [
      'EntityNotFoundException',
      'Session s1 not found.',
      'GetSession',
      {},
      { kind: 'state', ename: 'EntityNotFoundException', message: /s1 not found/, hint: /new one/ },
    ],
    [
      'IllegalSessionStateException',
      'Session unavailable, fail to call ReplServer.',
      'RunStatement',
      {},
      {
        kind: 'state',
        ename: 'IllegalSessionStateException',
        message: /unavailable/,
        hint: /%stop_session/,
      },
    ],
    [
      'InvalidInputException',
      'Session is not ready, session_id=s1, status=TIMEOUT',
      'RunStatement',
      {},
      { kind: 'state', ename: 'InvalidInputException', message: /not ready/, hint: /%status/ },
    ],
    [
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      'AssumeRole',
      {},
      { kind: 'credentials', ename: 'ValidationError', message: /duration/, hint: /1 hour/ },
    ],
    [
      'ThrottlingException',
      'Rate exceeded',
      'GetStatement',
      {},
      { kind: 'aws', ename: 'ThrottlingException', message: /throttled/, hint: /wait/ },
    ],
    [
      'AlreadyExistsException',
      'Session already exists.',
      'CreateSession',
      {},
      {
        kind: 'aws',
        ename: 'AlreadyExistsException',
        message: /already exists/,
        hint: /%session_id_prefix/,
      },
    ],
    [
      'ResourceNumberLimitExceededException',
      'Too many sessions',
      'CreateSession',
      {},
      {
        kind: 'aws',
        ename: 'ResourceNumberLimitExceededException',
        message: /Too many/,
        hint: /%list_sessions/,
      },
    ],
    [
      'InternalServiceException',
      'Internal error',
      'GetSession',
      {},
      {
        kind: 'aws',
        ename: 'InternalServiceException',
        message: /failed to handle/,
        hint: /again/,
      },
    ],
  ];
  for (const [name, message, operation, ctx, want] of cases) {
    it(`${name} on ${operation}: ${want.kind}`, () => {
      const err = translateAwsError(sdkError(name, message), { operation, ...ctx });
      expect(err.kind).to.equal(want.kind);
      expect(err.ename).to.equal(want.ename);
      expect(err.message).to.match(want.message);
      expect(err.hint).to.match(want.hint);
      expect(err.expected).to.equal(true);
    });
  }

  it('cleans namespaced error codes', () => {
    const err = translateAwsError(
      sdkError('com.amazonaws.glue#EntityNotFoundException:http://x', 'gone'),
      { operation: 'GetSession' },
    );
    expect(err.ename).to.equal('EntityNotFoundException');
  });

  it('names an unreachable endpoint', () => {
    const err = translateAwsError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      {
        operation: 'GetSession',
        endpoint: 'http://127.0.0.1:1',
      },
    );
    expect(err.ename).to.equal('ConnectionError');
    expect(err.message).to.include('http://127.0.0.1:1');
  });

  it('names an endpoint that did not answer in time, without the SDK prefix', () => {
    const err = translateAwsError(
      Object.assign(
        new Error(
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 10000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
      { operation: 'CreateSession', endpoint: 'https://glue.example' },
    );
    expect(err.ename).to.equal('ConnectionError');
    expect(err.message).to.equal(
      'https://glue.example did not answer CreateSession in time: the request socket did not establish a connection with the server within the configured timeout of 10000 ms.',
    );
    expect(err.hint).to.include('%endpoint');
  });

  it('tells lost sessions from other failures', () => {
    expect(
      isLostSessionError(
        translateAwsError(sdkError('EntityNotFoundException', 'Session s not found'), {
          operation: 'GetSession',
        }),
      ),
    ).to.equal(true);
    expect(
      isLostSessionError(
        translateAwsError(sdkError('EntityNotFoundException', 'Connection c not found'), {
          operation: 'CreateSession',
        }),
      ),
    ).to.equal(false);
    expect(
      isLostSessionError(
        translateAwsError(sdkError('ThrottlingException', 'Rate exceeded'), {
          operation: 'GetStatement',
        }),
      ),
    ).to.equal(false);
  });
});

describe('ARNs', () => {
  const partitions: [string, string][] = [
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eu-isoe-west-1', 'aws-iso-e'],
  ];
  for (const [region, partition] of partitions) {
    it(`${region} is in ${partition}`, () => {
      expect(partitionOf(region)).to.equal(partition);
      expect(sessionArn(region, '222222222222', 's1')).to.equal(
        `arn:${partition}:glue:${region}:222222222222:session/s1`,
      );
    });
  }

  it('derives the role of an assumed-role caller', () => {
    expect(
      roleFromAssumedRoleArn('arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/nb'),
    ).to.equal('arn:aws:iam::222222222222:role/GlueSessionCreationRole');
    expect(roleFromAssumedRoleArn('arn:aws:iam::111111111111:user/ISBlogUser')).to.equal(undefined);
  });
});
