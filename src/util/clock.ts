/**
 * Time is injected everywhere (the kernel's polling and timeouts, the local endpoint's lifecycle
 * rules) so that tests drive it: waits run in zero wall time under test.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fn` once after `ms`; returns a function that cancels it. Never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
}

/** setTimeout's limit; longer waits (e.g. 48 h session timeouts) are clamped to it. */
const MAX_TIMER_MS = 2_147_483_647;

export function abortError(): Error {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock whose time moves only when something sleeps on it or the test advances it. */
export class FakeClock implements Clock {
  private current: number;
  private timers: { until: number; fire: () => void }[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Sleeping on a fake clock advances it at once: waits cost no wall time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    this.advance(Math.max(0, ms));
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Runs when the test advances the clock past `ms` from now. */
  after(ms: number, fn: () => void): () => void {
    const timer = { until: this.current + Math.max(0, ms), fire: fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number): void {
    this.current += ms;
    const due = this.timers.filter((t) => t.until <= this.current);
    this.timers = this.timers.filter((t) => t.until > this.current);
    for (const t of due) t.fire();
  }
}
