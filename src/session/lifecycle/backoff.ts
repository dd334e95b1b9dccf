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

export interface ProportionalBackoffOptions {
  /** The first poll comes this soon (a 100 ms statement answers in ~100 ms). */
  initialMs?: number;
  /** Later delays are this fraction of the time waited so far... */
  ratio?: number;
  /** ...plus this much, so a statement's end is seen within ratio × its duration + floorMs. */
  floorMs?: number;
  maxMs?: number;
  throttledMaxMs?: number;
  /** Jitter only shortens a delay (by up to this fraction), so the bound above always holds. */
  jitter?: number;
  random?: () => number;
}

/**
 * Statement polling: each delay is proportional to the time already waited, so the reply comes
 * at most ~10 % + 40 ms after the statement ends (docs/architecture.md, "Performance targets"),
 * the number of polls grows only logarithmically until delays reach 1 s, and from then on there
 * is at most one poll a second.
 */
export class ProportionalBackoff implements Backoff {
  private waited = 0;
  private slowdown = 1;
  private readonly initialMs: number;
  private readonly ratio: number;
  private readonly floorMs: number;
  private readonly maxMs: number;
  private readonly throttledMaxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: ProportionalBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 20;
    this.ratio = options.ratio ?? 0.1;
    this.floorMs = options.floorMs ?? 40;
    this.maxMs = options.maxMs ?? 1000;
    this.throttledMaxMs = options.throttledMaxMs ?? 8000;
    this.jitter = options.jitter ?? 0.15;
    this.random = options.random ?? Math.random;
  }

  next(): number {
    const planned = this.waited === 0 ? this.initialMs : this.ratio * this.waited + this.floorMs;
    const cap = this.slowdown > 1 ? this.throttledMaxMs : this.maxMs;
    const capped = Math.min(planned * this.slowdown, cap);
    const delay = Math.max(1, Math.round(capped * (1 - this.jitter * this.random())));
    this.waited += delay;
    return delay;
  }

  slowDown(): void {
    this.slowdown = Math.min(this.slowdown * 2, this.throttledMaxMs / this.initialMs);
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
