/**
 * A scripted Interpreter for kernel tests: each line of a cell is a command, so a test states
 * the outputs it expects in the cell itself. Lines that are not commands are echoed back as the
 * execute_result.
 *
 *   print TEXT           stdout stream          eprint TEXT        stderr stream
 *   display ID TEXT      display_data (id)      update ID TEXT     update_display_data
 *   clear                clear_output           sleep MS           waits, stops on interrupt
 *   fail ENAME EVALUE    error outcome          throw MESSAGE      the interpreter throws
 *   count                prints the context's execution count and silent flag
 */
import type {
  CompleteResult,
  ExecuteOutcome,
  ExecutionContext,
  InspectResult,
  Interpreter,
  IsCompleteResult,
  KernelInfo,
} from '../../src/kernel-api/interpreter.js';

export class EchoInterpreter implements Interpreter {
  interrupts = 0;
  shutdowns: boolean[] = [];

  kernelInfo(): KernelInfo {
    return {
      implementation: 'echo',
      implementation_version: '0.0.1',
      language_info: {
        name: 'echo',
        version: '1.0',
        mimetype: 'text/plain',
        file_extension: '.txt',
      },
      banner: 'Echo test interpreter',
    };
  }

  async execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome> {
    const echoed: string[] = [];
    for (const line of code.split('\n')) {
      const [command = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (command) {
        case 'print':
          ctx.stream('stdout', `${arg}\n`);
          break;
        case 'eprint':
          ctx.stream('stderr', `${arg}\n`);
          break;
        case 'display':
          ctx.display({ 'text/plain': rest.slice(1).join(' ') }, { displayId: rest[0] ?? 'd' });
          break;
        case 'update':
          ctx.updateDisplay(rest[0] ?? 'd', { 'text/plain': rest.slice(1).join(' ') });
          break;
        case 'clear':
          ctx.clearOutput(false);
          break;
        case 'count':
          ctx.stream('stdout', `count=${ctx.executionCount} silent=${ctx.silent}\n`);
          break;
        case 'sleep':
          if (!(await sleep(Number(arg), ctx.signal))) {
            return {
              status: 'error',
              ename: 'Interrupted',
              evalue: 'Interrupted by the user.',
              traceback: [],
            };
          }
          break;
        case 'fail':
          return {
            status: 'error',
            ename: rest[0] ?? 'Error',
            evalue: rest.slice(1).join(' '),
            traceback: [line],
          };
        case 'throw':
          throw new Error(arg);
        default:
          if (line.trim() !== '') echoed.push(line);
      }
    }
    return echoed.length > 0
      ? { status: 'ok', result: { 'text/plain': echoed.join('\n') } }
      : { status: 'ok' };
  }

  async complete(code: string, cursorPos: number): Promise<CompleteResult> {
    const commands = [
      'print',
      'eprint',
      'display',
      'update',
      'clear',
      'sleep',
      'fail',
      'throw',
      'count',
    ];
    const start = code.lastIndexOf('\n', cursorPos - 1) + 1;
    const prefix = code.slice(start, cursorPos);
    return {
      matches: commands.filter((c) => c.startsWith(prefix)),
      cursor_start: start,
      cursor_end: cursorPos,
    };
  }

  async inspect(code: string): Promise<InspectResult> {
    const found = code.trim() === 'print';
    return { found, data: found ? { 'text/plain': 'print TEXT: writes TEXT to stdout' } : {} };
  }

  isComplete(code: string): IsCompleteResult {
    return code.endsWith('\\') ? { status: 'incomplete', indent: '' } : { status: 'complete' };
  }

  interrupt(): void {
    this.interrupts += 1;
  }

  async shutdown(restart: boolean): Promise<void> {
    this.shutdowns.push(restart);
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
