/**
 * The composition root: the only place that picks concrete classes. A kernel process is
 * ZmqTransport + Kernel (serveKernel) + the Glue interpreter (compose-interpreter.ts). The kernel
 * answers kernel_info from static data while the interpreter, the session layer and the magics
 * load beside it, so Jupyter sees the kernel ready as early as possible.
 */
import { DeferredInterpreter } from '../kernel/deferred-interpreter.js';
import { serveKernel } from '../kernel/serve-kernel.js';
import { buildKernelInfo } from '../interpreter/kernel-info.js';
import { readPackageVersion } from '../util/package-version.js';
import type { ComposedInterpreter } from './compose-interpreter.js';
import type { KernelKind } from './kernel-kinds.js';
import { ignoreWriteErrors, stderrLogger, type LogLevel } from '../util/logger.js';

export interface StartKernelOptions {
  kind: KernelKind;
  connectionFile: string;
}

export async function startKernel(options: StartKernelOptions): Promise<void> {
  // Whoever writes (our logger, Node's own warnings), a closed stdout/stderr must not end the
  // kernel: it still has a session to stop when its parent has gone.
  ignoreWriteErrors(process.stdout);
  ignoreWriteErrors(process.stderr);
  const logger = stderrLogger((process.env['GLUE_KERNEL_LOG_LEVEL'] as LogLevel) ?? 'warn');
  const version = readPackageVersion();
  let composed: ComposedInterpreter | undefined;
  const interpreter = new DeferredInterpreter(
    // Inline rather than sessionKindOf(): importing compose-interpreter here would load it all.
    buildKernelInfo(options.kind === 'scala' ? 'scala' : 'pyspark', version),
    async () => {
      const { composeInterpreter } = await import('./compose-interpreter.js');
      composed = await composeInterpreter(options.kind, version, logger);
      return composed.interpreter;
    },
  );
  await serveKernel({
    connectionFile: options.connectionFile,
    interpreter,
    logger,
    exit: (code) => {
      // Session workers of the embedded endpoint are child processes: stop them before exiting.
      void (composed?.close() ?? Promise.resolve()).finally(() => process.exit(code));
    },
  });
  interpreter.load().catch((err: unknown) => logger.error(`interpreter: ${String(err)}`));
}
