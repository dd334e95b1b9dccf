/**
 * The composition root: the only place that picks concrete classes. A kernel process is
 * ZmqTransport + Kernel (serveKernel) + GlueInterpreter + SessionController over the AWS SDK.
 * The local kind first starts the embedded local Glue endpoint in-process and points the
 * standard AWS settings at it, so every client in the process (and `!` commands) uses it.
 */
import { serveKernel } from './kernel/serve-kernel.js';
import { GlueInterpreter } from './interpreter/glue-interpreter.js';
import { readPackageVersion } from './interpreter/package-version.js';
import { SdkCredentialBroker } from './session/sdk-credential-broker.js';
import { sdkGlueGateways } from './session/sdk-glue-gateway.js';
import { SessionController } from './session/session-controller.js';
import { sharedConfigFileLoader } from './session/shared-config-loader.js';
import { EmbeddedEndpoint, LocalEndpointSwitch } from './embedded-endpoint.js';
import { systemClock } from './util/clock.js';
import { uuidIds } from './util/ids.js';
import { stderrLogger, type LogLevel } from './util/logger.js';

export type KernelKind = 'pyspark' | 'scala' | 'local';

export interface StartKernelOptions {
  kind: KernelKind;
  connectionFile: string;
}

export async function startKernel(options: StartKernelOptions): Promise<void> {
  const logger = stderrLogger((process.env['GLUE_KERNEL_LOG_LEVEL'] as LogLevel) ?? 'warn');
  // Node 20 warns about future AWS SDK releases on stderr; the pinned SDK works on Node 20.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

  const embedded = new EmbeddedEndpoint(process.env, logger);
  if (options.kind === 'local') {
    Object.assign(process.env, await embedded.sessionEnvironment());
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN'])
      delete process.env[name];
    // Started beside the kernel's own start-up; the first call that needs it waits for it.
    embedded.start().then(
      (endpoint) => Object.assign(process.env, embedded.clientEnvironment(endpoint)),
      (err: unknown) => logger.error(`the local endpoint did not start: ${String(err)}`),
    );
  }

  const env = { ...process.env };
  const controller = new SessionController({
    kind: options.kind === 'scala' ? 'scala' : 'pyspark',
    kernelVersion: readPackageVersion(),
    env,
    loadSharedConfig: sharedConfigFileLoader(env),
    broker: new SdkCredentialBroker(env),
    gateways: sdkGlueGateways(logger),
    clock: systemClock,
    newId: uuidIds,
    logger,
  });
  // The local kernel is a kernel whose endpoint is `%endpoint local` from the start.
  if (options.kind === 'local') controller.applySettings({ endpoint: 'local' });
  const interpreter = new GlueInterpreter({
    session: new LocalEndpointSwitch(controller, embedded),
    kind: options.kind === 'scala' ? 'scala' : 'pyspark',
    clock: systemClock,
    logger,
    version: readPackageVersion(),
  });
  await serveKernel({
    connectionFile: options.connectionFile,
    interpreter,
    logger,
    exit: (code) => {
      // Session workers of the embedded endpoint are child processes: stop them before exiting.
      void embedded.close().finally(() => process.exit(code));
    },
  });
}
