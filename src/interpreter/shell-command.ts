import { spawn } from 'node:child_process';
import { KernelError } from '../errors.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * `!` lines run on this machine through the shell, as in the official kernel (where IPython runs
 * them): output is streamed as it comes, stdin is closed, and an interrupt stops the command.
 */

export interface ShellOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface ShellRunner {
  /** Resolves with the exit code; rejects with a `cancelled` KernelError when interrupted. */
  run(command: string, out: ShellOutput, signal: AbortSignal): Promise<number>;
}

export class ChildProcessShell implements ShellRunner {
  constructor(
    private readonly cwd: string = process.cwd(),
    /** The environment of each command, read when it starts; the kernel's own by default. */
    private readonly environment: () => Readonly<Record<string, string | undefined>> = () =>
      process.env,
  ) {}

  run(command: string, out: ShellOutput, signal: AbortSignal): Promise<number> {
    if (signal.aborted) return Promise.reject(interrupted(command));
    // No shell can take a NUL byte (spawn would throw); Python says "embedded null byte".
    if (command.includes('\0')) {
      return Promise.reject(
        new KernelError('usage', 'A ! command cannot contain a NUL character (\\0).', {
          hint: 'Remove the NUL character from the command.',
        }),
      );
    }
    return new Promise((resolve, reject) => {
      // Its own process group, so an interrupt reaches the whole pipeline.
      const child = spawn(command, {
        shell: true,
        cwd: this.cwd,
        env: this.environment(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.stdout(chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => out.stderr(chunk));
      const onAbort = (): void => {
        try {
          if (child.pid !== undefined && process.platform !== 'win32')
            process.kill(-child.pid, 'SIGTERM');
          else child.kill('SIGTERM');
        } catch {
          // already gone
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(
          new KernelError('config', `The local command could not start: ${err.message}`, {
            cause: err,
          }),
        );
      });
      child.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) reject(interrupted(command));
        else resolve(code ?? 1);
      });
    });
  }
}

function interrupted(command: string): KernelError {
  return new KernelError(
    'cancelled',
    `The local command '${quoteInput(command)}' was interrupted and stopped.`,
  );
}
