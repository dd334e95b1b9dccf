/**
 * The embedded local Glue endpoint, seen from the kernel: started in-process on demand (the
 * local kernel at start-up, `%endpoint local` on first use) and closed with the kernel. It is the
 * session layer's LocalEndpointPort: the session layer decides when to start it and with which
 * accounts (session/aws/endpoint-resolver.ts) and sees only its URL, keys and default role.
 */
import type { LocalEndpoint } from '../local/local-endpoint.js';
import type {
  LocalAccountsChoice,
  LocalEndpointPort,
  LocalEndpointTarget,
} from '../session/aws/endpoint-resolver.js';
import { KernelError, errorMessage } from '../errors.js';
import type { Logger } from '../util/logger.js';

type Env = Readonly<Record<string, string | undefined>>;

export class EmbeddedEndpoint implements LocalEndpointPort {
  private starting: Promise<LocalEndpointTarget> | undefined;
  private accounts: string | undefined;
  /** The endpoint that answers now (for the environment of `!` commands). */
  private running: LocalEndpoint | undefined;
  /**
   * The GlueVersion of the kernel's next session when it runs Spark (a PySpark kernel); the
   * endpoint then keeps a warm standby of that runtime (docs/local-sessions.md, "Warm standby").
   */
  nextSparkGlueVersion: (() => string | undefined) | undefined;

  constructor(
    private readonly env: Env,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts the endpoint with these accounts, once; asked for other accounts, it stops the running
   * one (whose sessions, if any, end with it) and starts again.
   */
  start(choice: LocalAccountsChoice): Promise<LocalEndpointTarget> {
    if (this.starting && this.accounts === choice.file) return this.starting;
    const previous = this.starting;
    this.accounts = choice.file;
    this.starting = this.startWith(choice, previous);
    return this.starting;
  }

  /** On for Spark sessions unless GLUE_KERNEL_LOCAL_STANDBY=0 (=1 turns it on for any kernel). */
  private standbyChoice(): false | { glueVersion?: string } {
    const setting = this.env['GLUE_KERNEL_LOCAL_STANDBY'];
    if (setting === '0' || (setting !== '1' && !this.nextSparkGlueVersion)) return false;
    return { glueVersion: this.nextSparkGlueVersion?.() };
  }

  private async startWith(
    choice: LocalAccountsChoice,
    previous: Promise<LocalEndpointTarget> | undefined,
  ): Promise<LocalEndpointTarget> {
    await previous?.catch(() => undefined);
    const stopped = this.running;
    this.running = undefined;
    await stopped?.close();
    let endpoint: LocalEndpoint;
    try {
      const [{ startLocalEndpoint }, { defaultStateDir }] = await Promise.all([
        import('../local/local-endpoint.js'),
        import('../local/state/state-dir.js'),
      ]);
      endpoint = await startLocalEndpoint({
        port: 0,
        accountsFile: choice.file,
        // GLUE_KERNEL_STATE_DIR, else the same per-user default as `glue-kernel local`.
        stateDir: defaultStateDir(this.env),
        // GLUE_KERNEL_LOCAL_PYTHON is the fallback after a runtime of the session's GlueVersion.
        standby: this.standbyChoice(),
        log: (line) => this.logger.debug(`local endpoint: ${line}`),
      });
    } catch (err) {
      // Almost always the user's accounts file or state directory: say which setting to fix.
      throw new KernelError(
        'config',
        `The local Glue endpoint could not start: ${errorMessage(err)}`,
        {
          hint:
            (err as Error)?.name === 'StateError'
              ? 'GLUE_KERNEL_STATE_DIR chooses another state directory (see docs/local-state.md).'
              : choice.file
                ? `Fix the accounts file named by ${choice.namedBy ?? 'GLUE_KERNEL_LOCAL_ACCOUNTS'} (see docs/local-accounts.md), or leave it out to use the built-in account.`
                : 'Check that python3 is installed (or set GLUE_KERNEL_LOCAL_PYTHON).',
          cause: err,
        },
      );
    }
    this.running = endpoint;
    // With the built-in accounts, their documented session role; an accounts file names its own.
    const builtIn =
      choice.file === undefined ? await import('../local/identity/accounts.js') : undefined;
    return {
      url: endpoint.url,
      credentials: endpoint.defaultCredentials,
      defaultRole: builtIn?.DEFAULT_ROLE_ARN,
      builtInAccount: builtIn?.DEFAULT_ACCOUNT_ID,
    };
  }

  /**
   * Settings for a kernel that works only with the embedded endpoint: its region, and no user AWS
   * profiles (they must not leak into a local notebook).
   */
  sessionEnvironment(): Record<string, string> {
    const none = '/nonexistent/glue-kernel-local';
    const region = this.env['AWS_REGION'] || this.env['AWS_DEFAULT_REGION'] || 'us-east-1';
    return {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: none,
      AWS_SHARED_CREDENTIALS_FILE: none,
    };
  }

  /**
   * Standard AWS settings that point an SDK or CLI (e.g. a `!aws ...` line) at the running
   * endpoint; none before it runs.
   */
  clientEnvironment(): Record<string, string> {
    const endpoint = this.running;
    if (!endpoint) return {};
    return {
      AWS_ENDPOINT_URL_GLUE: endpoint.url,
      AWS_ENDPOINT_URL_STS: endpoint.url,
      AWS_ENDPOINT_URL_S3: endpoint.url,
      AWS_ACCESS_KEY_ID: endpoint.defaultCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: endpoint.defaultCredentials.secretAccessKey,
    };
  }

  async close(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.running?.close();
  }
}
