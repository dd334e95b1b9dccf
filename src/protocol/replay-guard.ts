/**
 * Remembers recent signatures so a captured message cannot be replayed. Bounded to
 * jupyter_client's own history size (`Session.digest_history_size`, 65,536), so memory stays
 * a few megabytes whatever a peer sends. When full, the single oldest signature is forgotten
 * (jupyter_client culls a random tenth): every signature is remembered for at least the next
 * 65,535 messages, the ones a replay is most likely to follow.
 */
export const REPLAY_HISTORY_SIZE = 65_536;

export class ReplayGuard {
  private readonly seen = new Set<string>();
  /** The same signatures in arrival order, as a ring: `next` is the oldest once it is full. */
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly capacity = REPLAY_HISTORY_SIZE) {}

  /** Records `signature`; returns false when it was already seen (a replay). */
  accept(signature: string): boolean {
    if (signature === '') return true; // unsigned sessions have nothing to compare
    if (this.seen.has(signature)) return false;
    if (this.order.length < this.capacity) {
      this.order.push(signature);
    } else {
      this.seen.delete(this.order[this.next]!);
      this.order[this.next] = signature;
      this.next = (this.next + 1) % this.capacity;
    }
    this.seen.add(signature);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
