/**
 * Ctrl-C, `kill` and a closed terminal while `glue-kernel run` works. The runner must stop its
 * kernel itself: a kernel child left behind is re-parented to PID 1 and keeps its Glue session
 * (and the local endpoint's session workers) running. The first signal is for a clean shutdown;
 * a second one asks for the kernel to be killed at once.
 */
import { constants } from 'node:os';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: StopSignal, listener: () => void): unknown;
  off(event: StopSignal, listener: () => void): unknown;
}

export class StopSignals {
  private first: StopSignal | undefined;
  private count = 0;
  private readonly controller = new AbortController();
  private readonly listeners = new Map<StopSignal, () => void>();

  /** `onSignal` sees every stop signal with how many have arrived so far (1 = the first). */
  constructor(
    private readonly onSignal: (signal: StopSignal, count: number) => void,
    private readonly source: SignalSource = process,
  ) {}

  /** Replaces the default handlers (which would end the process and orphan the kernel). */
  install(): void {
    for (const signal of STOP_SIGNALS) {
      const listener = (): void => this.receive(signal);
      this.listeners.set(signal, listener);
      this.source.on(signal, listener);
    }
  }

  remove(): void {
    for (const [signal, listener] of this.listeners) this.source.off(signal, listener);
    this.listeners.clear();
  }

  /** The first stop signal received, if any. */
  get received(): StopSignal | undefined {
    return this.first;
  }

  /** Aborted by the first stop signal (e.g. to give up a kernel start). */
  get abortSignal(): AbortSignal {
    return this.controller.signal;
  }

  private receive(signal: StopSignal): void {
    this.first ??= signal;
    this.count += 1;
    this.controller.abort();
    this.onSignal(signal, this.count);
  }
}

/** The shell's convention for a process ended by a signal: 128 + its number (130 for SIGINT). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}
