import { errorMessage } from '../util/error-message.js';
import type {
  CompleteResult,
  ExecuteOutcome,
  ExecutionContext,
  InspectResult,
  Interpreter,
  IsCompleteResult,
  KernelInfo,
} from '../kernel-api/interpreter.js';

/**
 * An interpreter that answers kernel_info at once and loads the real one beside the kernel's
 * start-up: Jupyter waits for kernel_info before it shows a kernel as ready, and loading the
 * session layer and magics is most of a kernel's start time. Requests that need the real
 * interpreter wait for it; a load failure becomes an error outcome, never a crash.
 */
export class DeferredInterpreter implements Interpreter {
  private loaded: Interpreter | undefined;
  private loading: Promise<Interpreter> | undefined;

  constructor(
    private readonly info: KernelInfo,
    private readonly loader: () => Promise<Interpreter>,
  ) {}

  /** Starts loading (idempotent); call once the kernel is answering. */
  load(): Promise<Interpreter> {
    this.loading ??= this.loader().then((interpreter) => (this.loaded = interpreter));
    return this.loading;
  }

  kernelInfo(): KernelInfo {
    return this.loaded?.kernelInfo() ?? this.info;
  }

  async execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome> {
    let interpreter: Interpreter;
    try {
      interpreter = await this.load();
    } catch (err) {
      const evalue = `The kernel could not load its interpreter: ${errorMessage(err)}`;
      return {
        status: 'error',
        ename: 'InternalError',
        evalue,
        traceback: [`InternalError: ${evalue}`],
      };
    }
    return interpreter.execute(code, ctx);
  }

  async complete(code: string, cursorPos: number): Promise<CompleteResult> {
    return (await this.load()).complete(code, cursorPos);
  }

  async inspect(code: string, cursorPos: number, detailLevel: number): Promise<InspectResult> {
    return (await this.load()).inspect(code, cursorPos, detailLevel);
  }

  isComplete(code: string): IsCompleteResult {
    return this.loaded?.isComplete(code) ?? { status: 'unknown' };
  }

  interrupt(): void {
    this.loaded?.interrupt();
  }

  async shutdown(restart: boolean): Promise<void> {
    if (!this.loading) return;
    const interpreter = await this.loading.catch(() => undefined);
    await interpreter?.shutdown(restart);
  }
}
