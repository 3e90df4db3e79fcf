/**
 * The bookkeeping of the page's end of a recording link (content/recording-link.ts), apart
 * from its port: each message numbered and kept until the background acknowledges it, a
 * limit past which the background counts as gone for good, and the waits between attempts
 * to reconnect, which start over once the background answers again.
 */

/** Past this many unacknowledged messages (about two minutes), the background is gone for good. */
export const MAX_PENDING = 120;
export const RECONNECT_DELAYS_MS: readonly number[] = [0, 100, 250, 500, 1000, 2000, 4000];

export interface Numbered<T> {
  n: number;
  message: T;
}

export class LinkLedger<T> {
  private readonly pending: Numbered<T>[] = [];
  private next = 0;
  private attempt = 0;

  constructor(
    private readonly maxPending = MAX_PENDING,
    private readonly reconnectDelaysMs = RECONNECT_DELAYS_MS,
  ) {}

  /** Numbers `message` and keeps it; undefined when too many already wait. */
  add(message: T): Numbered<T> | undefined {
    const entry = { n: this.next++, message };
    this.pending.push(entry);
    return this.pending.length > this.maxPending ? undefined : entry;
  }

  /** The background has every message up to `n`, and is reachable. */
  acknowledge(n: number): void {
    this.attempt = 0;
    while (this.pending.length > 0 && this.pending[0]!.n <= n) this.pending.shift();
  }

  /** What a new connection must send again, in order. */
  get unacknowledged(): readonly Numbered<T>[] {
    return this.pending;
  }

  /** How long to wait before the next attempt to reconnect; undefined once all were spent. */
  nextReconnectDelay(): number | undefined {
    return this.reconnectDelaysMs[this.attempt++];
  }
}
