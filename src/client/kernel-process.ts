/**
 * A kernel child process started from a kernelspec-style argv ("{connection_file}" is replaced).
 * Its stderr is kept (bounded) so a kernel that dies at start-up can say why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeQuietly } from '../util/logger.js';

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STDERR_LIMIT = 16_384;

export class KernelProcess {
  readonly exited: Promise<KernelExit>;
  private stderrTail = '';
  private exit: KernelExit | undefined;

  private constructor(
    private readonly child: ChildProcess,
    echoStderr: boolean,
  ) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (echoStderr) writeQuietly(process.stderr, chunk);
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_LIMIT);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      child.once('error', () => {
        this.exit = { code: null, signal: null };
        resolve(this.exit);
      });
    });
  }

  static spawn(
    argv: readonly string[],
    connectionFile: string,
    options: { cwd?: string; env?: NodeJS.ProcessEnv; echoStderr?: boolean } = {},
  ): KernelProcess {
    const [command, ...args] = argv.map((arg) =>
      arg.replaceAll('{connection_file}', connectionFile),
    );
    if (!command) throw new Error('The kernel command (argv) is empty.');
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new KernelProcess(child, options.echoStderr ?? false);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): KernelExit | undefined {
    return this.exit;
  }

  /** What the kernel wrote to stderr most recently (for start-up failure messages). */
  get stderr(): string {
    return this.stderrTail;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async kill(graceMs = 2000): Promise<KernelExit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
