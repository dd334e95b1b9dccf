/**
 * How integration tests start kernel processes: kernelspec-style argv lists run with the
 * current node and the tsx loader, so no build is needed.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Absolute, because kernels may run in another directory (the notebook's).
const TSX = [`--import=${pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href}`];

/** The echo test kernel (ZmqTransport + Kernel + EchoInterpreter). */
export function echoKernelArgv(): string[] {
  return [
    process.execPath,
    ...TSX,
    fileURLToPath(new URL('./kernel-entry.ts', import.meta.url)),
    '-f',
    '{connection_file}',
  ];
}

/** `glue-kernel ARGS...` from the TypeScript sources. */
export function glueKernelCommand(...args: string[]): string[] {
  return [
    process.execPath,
    ...TSX,
    fileURLToPath(new URL('../../src/cli/glue-kernel.ts', import.meta.url)),
    ...args,
  ];
}

/** A tool from the project's Python venv, or undefined when the venv is not set up. */
export function kernelVenvBin(tool: string): string | undefined {
  const path = fileURLToPath(new URL(`../../.venv/bin/${tool}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}
