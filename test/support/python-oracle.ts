import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, venvBin } from './venv.js';

/** A value as Python typed it (test/support/python-oracle.py). */
export type TaggedValue =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'float'; v: string }
  | { t: 'str'; v: string }
  | { t: 'list' | 'tuple'; v: TaggedValue[] }
  | { t: 'dict'; v: [TaggedValue, TaggedValue][] }
  | { t: 'other'; v: string };

export type LiteralAnswer =
  { ok: true; value: TaggedValue; repr: string | null } | { ok: false; error: string };

export type SplitAnswer = { ok: true; words: string[] } | { ok: false; error: string };

/**
 * One long-lived Python process answering what `ast.literal_eval` and `shlex.split` make of a
 * text, so a differential test asks thousands of questions without starting Python each time.
 */
export class PythonOracle {
  private readonly waiting: ((line: string) => void)[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  static start(): PythonOracle {
    const script = join(repoRoot, 'test', 'support', 'python-oracle.py');
    return new PythonOracle(spawn(venvBin('python'), [script], { stdio: 'pipe' }));
  }

  literal(text: string): Promise<LiteralAnswer> {
    return this.ask({ literal: text }) as Promise<LiteralAnswer>;
  }

  shlexSplit(text: string): Promise<SplitAnswer> {
    return this.ask({ shlex: text }) as Promise<SplitAnswer>;
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }

  private ask(request: object): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error('The Python oracle stopped'));
      this.child.once('exit', onExit);
      this.waiting.push((line) => {
        this.child.off('exit', onExit);
        resolve(JSON.parse(line));
      });
      this.child.stdin.write(JSON.stringify(request) + '\n');
    });
  }
}
