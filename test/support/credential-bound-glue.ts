import { translateAwsError } from '../../src/session/aws-error-translator.js';
import type { GlueGateway } from '../../src/session/glue-gateway.js';
import type { Clock } from '../../src/util/clock.js';

/**
 * A view of a test Glue backend bound to one set of credentials, as the SDK gateway is: every
 * call first fetches the credentials, fails with ExpiredTokenException once they have expired on
 * the clock, and tells the backend which access key made the call (for assertions on who called).
 */
export interface FakeCredentials {
  accessKeyId: string;
  expiration?: Date;
}

export function credentialBoundGlue(
  backend: GlueGateway,
  credentials: () => Promise<FakeCredentials>,
  clock: Clock,
  callerKey: (accessKeyId: string) => void,
): GlueGateway {
  const bound =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const c = await credentials();
      if (c.expiration && c.expiration.getTime() <= clock.now()) {
        throw translateAwsError(
          {
            name: 'ExpiredTokenException',
            message: 'The security token included in the request is expired',
          },
          { operation },
        );
      }
      callerKey(c.accessKeyId);
      return call(...args);
    };
  return {
    createSession: bound('CreateSession', backend.createSession.bind(backend)),
    getSession: bound('GetSession', backend.getSession.bind(backend)),
    listSessions: bound('ListSessions', backend.listSessions.bind(backend)),
    stopSession: bound('StopSession', backend.stopSession.bind(backend)),
    deleteSession: bound('DeleteSession', backend.deleteSession.bind(backend)),
    runStatement: bound('RunStatement', backend.runStatement.bind(backend)),
    getStatement: bound('GetStatement', backend.getStatement.bind(backend)),
    cancelStatement: bound('CancelStatement', backend.cancelStatement.bind(backend)),
    getTags: bound('GetTags', backend.getTags.bind(backend)),
    tagResource: bound('TagResource', backend.tagResource.bind(backend)),
    getConnection: bound('GetConnection', backend.getConnection.bind(backend)),
  };
}
