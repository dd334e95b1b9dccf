import { translateAwsError } from '../../src/session/aws/aws-error-translator.js';
import type { GlueGateway } from '../../src/session/aws/glue-gateway.js';
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
  return {
    async send(operation, input, signal) {
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
      return backend.send(operation, input, signal);
    },
  };
}
