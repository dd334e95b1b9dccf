import type { ExecutionContext, MimeBundle } from '../../src/kernel-api/interpreter.js';

/** Records what a request published, in order, as a notebook would show it. */
export type RecordedOutput =
  | { type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { type: 'display'; data: MimeBundle; displayId?: string; metadata?: Record<string, unknown> }
  | { type: 'update'; displayId: string; data: MimeBundle }
  | { type: 'clear'; wait: boolean };

export class FakeExecutionContext implements ExecutionContext {
  readonly outputs: RecordedOutput[] = [];
  /** Called after each output is recorded (e.g. to interrupt once a progress display appears). */
  onOutput: ((output: RecordedOutput) => void) | undefined;
  private readonly controller = new AbortController();

  constructor(
    readonly executionCount = 1,
    readonly silent = false,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(): void {
    this.controller.abort();
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    this.record({ type: 'stream', name, text });
  }

  display(
    data: MimeBundle,
    options?: { displayId?: string; metadata?: Record<string, unknown> },
  ): void {
    this.record({
      type: 'display',
      data,
      displayId: options?.displayId,
      metadata: options?.metadata,
    });
  }

  updateDisplay(displayId: string, data: MimeBundle): void {
    this.record({ type: 'update', displayId, data });
  }

  clearOutput(wait = false): void {
    this.record({ type: 'clear', wait });
  }

  private record(output: RecordedOutput): void {
    this.outputs.push(output);
    this.onOutput?.(output);
  }

  /** All text of one stream, concatenated. */
  text(name: 'stdout' | 'stderr' = 'stdout'): string {
    return this.outputs
      .filter(
        (o): o is Extract<RecordedOutput, { type: 'stream' }> =>
          o.type === 'stream' && o.name === name,
      )
      .map((o) => o.text)
      .join('');
  }

  /** The text/plain of every display, in order (updates included). */
  displayedText(): string[] {
    return this.outputs
      .filter((o) => o.type === 'display' || o.type === 'update')
      .map((o) => String((o as { data: MimeBundle }).data['text/plain'] ?? ''));
  }
}
