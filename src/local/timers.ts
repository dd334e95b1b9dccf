/**
 * Time for the local endpoint, injected so lifecycle rules (provisioning delay, IdleTimeout,
 * Timeout) can be driven by tests. The local endpoint shares no code with the kernel, so it has
 * its own small clock instead of src/util/clock.ts.
 */
export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms`; returns a function that cancels it. Never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
}

/** setTimeout's limit; longer waits (e.g. 48 h timeouts) are clamped to it. */
const MAX_TIMER_MS = 2_147_483_647;

export const systemTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on the given timers. */
export function delay(timers: Timers, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => timers.after(ms, resolve));
}
