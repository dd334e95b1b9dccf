/**
 * Remembers recent signatures so a captured message cannot be replayed. Bounded: when full, the
 * oldest tenth is forgotten (jupyter_client culls at random; oldest-first keeps the newest,
 * most likely replayed, signatures).
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 2048) {}

  /** Records `signature`; returns false when it was already seen (a replay). */
  accept(signature: string): boolean {
    if (signature === '') return true; // unsigned sessions have nothing to compare
    if (this.seen.has(signature)) return false;
    if (this.seen.size >= this.capacity) this.cull();
    this.seen.add(signature);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private cull(): void {
    let drop = Math.max(1, Math.floor(this.capacity / 10));
    for (const signature of this.seen) {
      if (drop-- <= 0) break;
      this.seen.delete(signature);
    }
  }
}
