import { AwsError } from '../local-types.js';

/** The Glue error codes the local endpoint returns, with AWS's HTTP statuses (400 unless noted). */
export const glueErrors = {
  invalidInput: (message: string) => new AwsError('InvalidInputException', message),
  validation: (message: string) => new AwsError('ValidationException', message),
  serialization: (message: string) => new AwsError('SerializationException', message),
  entityNotFound: (message: string) => new AwsError('EntityNotFoundException', message),
  alreadyExists: (message: string) => new AwsError('AlreadyExistsException', message),
  concurrentModification: (message: string) =>
    new AwsError('ConcurrentModificationException', message),
  illegalSessionState: (message: string) => new AwsError('IllegalSessionStateException', message),
  accessDenied: (message: string) => new AwsError('AccessDeniedException', message),
  unknownOperation: (message: string) => new AwsError('UnknownOperationException', message),
  throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
  internal: (message: string) => new AwsError('InternalServiceException', message, 500),
};
