/**
 * The Glue interpreter with its collaborators: SessionController over the AWS SDK, and the
 * embedded local Glue endpoint that `%endpoint local` starts in-process. The local kind is a
 * kernel whose endpoint is `local` from the start, with an environment of its own (no user AWS
 * profiles or endpoints) that its `!` commands also get, pointed at the endpoint. Loaded after the
 * kernel already answers (see DeferredInterpreter), so none of this delays kernel start-up.
 */
import { EmbeddedEndpoint } from './embedded-endpoint.js';
import type { Interpreter } from '../kernel-api/interpreter.js';
import { GlueInterpreter } from '../interpreter/glue-interpreter.js';
import { ChildProcessShell } from '../interpreter/shell-command.js';
import { SdkCredentialBroker } from '../session/aws/sdk-credential-broker.js';
import { sdkGlueGateways } from '../session/aws/sdk-glue-gateway.js';
import { kernelUserAgent } from '../session/aws/sdk-user-agent.js';
import { SessionController } from '../session/lifecycle/session-controller.js';
import type { SessionKind } from '../session/session-service.js';
import type { Environment } from '../session/settings/environment.js';
import { sharedConfigFileLoader } from '../session/settings/shared-config-loader.js';
import { systemClock } from '../util/clock.js';
import { uuidIds } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import type { KernelKind } from './kernel-kinds.js';

/** The user's AWS settings that the local kind drops (besides every AWS_ENDPOINT_URL*). */
const LOCAL_KIND_DROPS = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN'];

/** The language a kernel kind's sessions run: the local kind is a PySpark kernel. */
export function sessionKindOf(kind: KernelKind): SessionKind {
  return kind === 'scala' ? 'scala' : 'pyspark';
}

export interface ComposedInterpreter {
  interpreter: Interpreter;
  /** Stops what the interpreter started in-process (the embedded endpoint's workers). */
  close(): Promise<void>;
}

/**
 * The local kind's environment: the embedded endpoint's region and no user AWS profiles, and no
 * inherited endpoint (AWS_ENDPOINT_URL*) that could redirect anything to somewhere else.
 */
function localKindEnvironment(
  inherited: Environment,
  embedded: EmbeddedEndpoint,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (!name.startsWith('AWS_ENDPOINT_URL') && !LOCAL_KIND_DROPS.includes(name)) env[name] = value;
  }
  return { ...env, ...embedded.sessionEnvironment() };
}

export async function composeInterpreter(
  kind: KernelKind,
  version: string,
  logger: Logger,
): Promise<ComposedInterpreter> {
  const sessionKind = sessionKindOf(kind);
  const embedded = new EmbeddedEndpoint(process.env, logger);
  const env = kind === 'local' ? localKindEnvironment(process.env, embedded) : { ...process.env };
  const userAgent = kernelUserAgent(version);
  const controller = new SessionController({
    kind: sessionKind,
    env,
    loadSharedConfig: sharedConfigFileLoader(env),
    localEndpoint: embedded,
    broker: new SdkCredentialBroker(env, {}, userAgent),
    gateways: sdkGlueGateways(logger, userAgent),
    clock: systemClock,
    newId: uuidIds,
    logger,
  });
  // A PySpark kernel's embedded endpoint keeps a Spark standby for its next session's runtime.
  if (sessionKind === 'pyspark')
    embedded.nextSparkGlueVersion = () => controller.resolve('glueVersion')?.value;
  // The local kernel is a kernel whose endpoint is `%endpoint local` from the start.
  if (kind === 'local') {
    controller.applySettings({ endpoint: 'local' });
    // Started now, with the accounts the environment names; the first call that needs it waits.
    embedded
      .start({
        file: controller.resolve('localAccounts')?.value,
        namedBy: 'GLUE_KERNEL_LOCAL_ACCOUNTS',
      })
      .catch((err: unknown) => logger.error(`the local endpoint did not start: ${String(err)}`));
  }
  const interpreter = new GlueInterpreter({
    session: controller,
    kind: sessionKind,
    clock: systemClock,
    logger,
    version,
    // `!aws ...` in the local kernel reaches its endpoint, signed with the endpoint's keys.
    ...(kind === 'local'
      ? {
          shell: new ChildProcessShell(process.cwd(), () => ({
            ...env,
            ...embedded.clientEnvironment(),
          })),
        }
      : {}),
  });
  return { interpreter, close: () => embedded.close() };
}
