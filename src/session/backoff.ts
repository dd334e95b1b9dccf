/**
 * Polling delays: start fast (a 100 ms statement should answer in ~100 ms, not the official
 * kernel's fixed 1 s), grow geometrically to a cap so long statements cost O(log n) calls, and
 * jitter so many kernels do not poll in lock-step. Throttling raises the delay beyond the cap.
 */
export interface Backoff {
  /** The delay before the next poll, in ms. */
  next(): number;
  /** The service throttled us: poll more slowly from now on. */
  slowDown(): void;
}

export interface BackoffOptions {
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  /** Cap once throttled. */
  throttledMaxMs?: number;
  /** Relative jitter, 0.2 = ±20 %. */
  jitter?: number;
  /** Random source in [0, 1); inject a seeded one for reproducible tests. */
  random?: () => number;
}

export type BackoffFactory = () => Backoff;

export class ExponentialBackoff implements Backoff {
  private base: number;
  private cap: number;
  private readonly factor: number;
  private readonly throttledMaxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.base = options.initialMs ?? 20;
    this.factor = options.factor ?? 1.6;
    this.cap = options.maxMs ?? 1000;
    this.throttledMaxMs = options.throttledMaxMs ?? 8000;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
  }

  next(): number {
    const current = Math.min(this.base, this.cap);
    this.base = Math.min(this.base * this.factor, this.cap);
    const spread = current * this.jitter * (this.random() * 2 - 1);
    return Math.max(1, Math.round(Math.min(current + spread, this.cap)));
  }

  slowDown(): void {
    this.cap = Math.min(Math.max(this.cap * 2, 1000), this.throttledMaxMs);
    this.base = Math.min(Math.max(this.base * 2, 1000), this.cap);
  }
}

/** A small deterministic PRNG (mulberry32) for seeded jitter in tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
