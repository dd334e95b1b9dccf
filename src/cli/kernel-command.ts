/**
 * `glue-kernel kernel --kind K -f CONNECTION_FILE`: what a kernelspec's argv runs. The
 * composition root (src/app/main.ts) is loaded only here, and only when a kernel is started.
 */
import { parseCommandArgs, UsageError } from './cli-usage.js';
import { isKernelKind, KERNEL_KINDS } from '../app/kernel-kinds.js';
import { quoteInput } from '../util/quote-input.js';

export const KERNEL_USAGE = `Usage: glue-kernel kernel --kind pyspark|scala|local -f CONNECTION_FILE

Started by Jupyter from an installed kernelspec (see \`glue-kernel install\`).`;

export async function kernelCommand(args: string[]): Promise<number | 'running'> {
  const { values } = parseCommandArgs(
    args,
    {
      kind: { type: 'string' },
      f: { type: 'string', short: 'f' },
      'connection-file': { type: 'string' },
    },
    KERNEL_USAGE,
  );
  const kind = values.kind ?? 'pyspark';
  if (!isKernelKind(kind)) {
    throw new UsageError(
      `Unknown kernel kind "${quoteInput(kind)}"; use one of ${KERNEL_KINDS.join(', ')}.`,
      KERNEL_USAGE,
    );
  }
  const connectionFile = values.f ?? values['connection-file'];
  if (!connectionFile) throw new UsageError('Missing -f CONNECTION_FILE.', KERNEL_USAGE);
  // Loaded only here, and only when a kernel is started (install and run do not load zeromq).
  const { startKernel } = await import('../app/main.js');
  await startKernel({ kind, connectionFile });
  return 'running';
}
