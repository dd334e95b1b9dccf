import { translateAwsError } from './aws-error-translator.js';
import type {
  AssumeRoleRequest,
  AwsCredentials,
  CredentialBroker,
  CredentialProvider,
  StsTarget,
} from './aws-credentials.js';
import type { CallerIdentity } from '../session-service.js';
import type { Environment } from '../settings/environment.js';
import { sdkEndpointConfig } from './sdk-endpoint-config.js';
import { sdkRequestHandler, type HttpTimeouts } from './sdk-request-handler.js';
import type { SdkUserAgent } from './sdk-user-agent.js';

/**
 * CredentialBroker over the SDK: the only module that imports @aws-sdk/credential-providers and
 * @aws-sdk/client-sts, lazily. Base credentials come from the node provider chain, or from a
 * profile through fromIni (which covers SSO, credential_process and role_arn profiles); roles are
 * assumed with fromTemporaryCredentials using the base as the caller. Errors are translated here.
 */
export class SdkCredentialBroker implements CredentialBroker {
  constructor(
    private readonly env: Environment = {},
    private readonly timeouts: HttpTimeouts = {},
    /** Appended to the STS clients' User-Agent (this kernel's name and version). */
    private readonly userAgent?: SdkUserAgent,
  ) {}

  base(profile: string | undefined): CredentialProvider {
    let provider: (() => Promise<AwsCredentials>) | undefined;
    return async () => {
      if (!provider) {
        const sdk = await import('@aws-sdk/credential-providers');
        provider = profile
          ? sdk.fromIni({
              profile,
              filepath: this.env['AWS_SHARED_CREDENTIALS_FILE'],
              configFilepath: this.env['AWS_CONFIG_FILE'],
              ignoreCache: true,
              clientConfig: { requestHandler: sdkRequestHandler(this.timeouts) },
            })
          : sdk.fromNodeProviderChain({
              clientConfig: { requestHandler: sdkRequestHandler(this.timeouts) },
            });
      }
      try {
        return await provider();
      } catch (err) {
        throw translateAwsError(err, {
          operation: profile ? `loading profile ${profile}` : 'loading credentials',
        });
      }
    };
  }

  assumeRole(
    master: CredentialProvider,
    request: AssumeRoleRequest,
    target: StsTarget,
  ): CredentialProvider {
    let provider: (() => Promise<AwsCredentials>) | undefined;
    return async () => {
      if (!provider) {
        const sdk = await import('@aws-sdk/credential-providers');
        provider = sdk.fromTemporaryCredentials({
          masterCredentials: master,
          params: {
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            DurationSeconds: request.durationSeconds,
            ExternalId: request.externalId,
          },
          clientConfig: {
            region: target.region,
            ...sdkEndpointConfig(target.endpoint),
            maxAttempts: 3,
            requestHandler: sdkRequestHandler(this.timeouts),
            customUserAgent: this.userAgent,
          },
        });
      }
      try {
        return await provider();
      } catch (err) {
        throw translateAwsError(err, {
          operation: 'AssumeRole',
          role: request.roleArn,
          endpoint: target.endpoint,
        });
      }
    };
  }

  async callerIdentity(
    credentials: CredentialProvider,
    target: StsTarget,
    signal?: AbortSignal,
  ): Promise<CallerIdentity> {
    const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const client = new STSClient({
      region: target.region,
      ...sdkEndpointConfig(target.endpoint),
      credentials,
      maxAttempts: 3,
      requestHandler: sdkRequestHandler(this.timeouts),
      customUserAgent: this.userAgent,
    });
    try {
      const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      return {
        arn: out.Arn ?? 'unknown',
        account: out.Account ?? 'unknown',
        userId: out.UserId ?? 'unknown',
      };
    } catch (err) {
      throw translateAwsError(err, {
        operation: 'GetCallerIdentity',
        endpoint: target.endpoint,
        region: target.region,
      });
    } finally {
      client.destroy();
    }
  }
}
