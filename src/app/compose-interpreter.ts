/**
 * The Glue interpreter with its collaborators: SessionController over the AWS SDK, and for the
 * local kind the embedded local Glue endpoint, started in-process, with the standard AWS settings
 * pointed at it so every client in the process (and `!` commands) uses it. Loaded after the
 * kernel already answers (see DeferredInterpreter), so none of this delays kernel start-up.
 */
import { EmbeddedEndpoint, LocalEndpointSwitch } from './embedded-endpoint.js';
import type { Interpreter } from '../kernel-api/interpreter.js';
import { GlueInterpreter } from '../interpreter/glue-interpreter.js';
import { SdkCredentialBroker } from '../session/aws/sdk-credential-broker.js';
import { sdkGlueGateways } from '../session/aws/sdk-glue-gateway.js';
import { kernelUserAgent } from '../session/aws/sdk-user-agent.js';
import { SessionController } from '../session/lifecycle/session-controller.js';
import type { SessionKind } from '../session/session-service.js';
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

export async function composeInterpreter(
  kind: KernelKind,
  version: string,
  logger: Logger,
): Promise<ComposedInterpreter> {
  const sessionKind = sessionKindOf(kind);
  const embedded = new EmbeddedEndpoint(process.env, logger);
  if (kind === 'local') {
    Object.assign(process.env, embedded.sessionEnvironment());
    // The local kind talks only to its embedded endpoint: no inherited endpoint may redirect
    // its Glue or STS calls (clientEnvironment points `!` commands at the endpoint once it runs).
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('AWS_ENDPOINT_URL') || LOCAL_KIND_DROPS.includes(name))
        delete process.env[name];
    }
    // Each endpoint started (again, by `%endpoint local --accounts`) is what `!` commands reach.
    embedded.onStarted = (endpoint) =>
      Object.assign(process.env, embedded.clientEnvironment(endpoint));
  }

  const env = { ...process.env };
  const userAgent = kernelUserAgent(version);
  const controller = new SessionController({
    kind: sessionKind,
    env,
    loadSharedConfig: sharedConfigFileLoader(env),
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
    // Started now; the first call that needs it waits for it.
    embedded
      .start()
      .catch((err: unknown) => logger.error(`the local endpoint did not start: ${String(err)}`));
  }
  const interpreter = new GlueInterpreter({
    session: new LocalEndpointSwitch(controller, embedded),
    kind: sessionKind,
    clock: systemClock,
    logger,
    version,
  });
  return { interpreter, close: () => embedded.close() };
}
