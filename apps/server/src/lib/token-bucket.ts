/** Rate `perSecond` with bursts up to `burst`. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets keyed by string (per bot/number, per recipient), in memory for one node.
 * `take` either consumes a token now or says how long to wait; it never blocks.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Milliseconds until a token is available in every bucket, or 0 when all were taken (then consumed). */
  take(requests: Array<{ key: string; limit: RateLimit }>): number {
    const t = this.now();
    let wait = 0;
    for (const { key, limit } of requests) {
      const b = this.refill(key, limit, t);
      if (b.tokens < 1) wait = Math.max(wait, Math.ceil(((1 - b.tokens) / limit.perSecond) * 1000));
    }
    if (wait > 0) return wait;
    for (const { key } of requests) {
      const b = this.buckets.get(key);
      if (b) b.tokens -= 1;
    }
    return 0;
  }

  /** The provider said "slow down" for `ms`: empty the bucket so nothing is sent before then. */
  penalize(key: string, limit: RateLimit, ms: number): void {
    const t = this.now();
    this.buckets.set(key, { tokens: -(ms / 1000) * limit.perSecond, at: t });
  }

  private refill(key: string, limit: RateLimit, t: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: limit.burst, at: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
    b.at = t;
    if (this.buckets.size > 100_000) this.sweep(t);
    return b;
  }

  /** Forget full buckets (idle recipients). */
  private sweep(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 3_600_000) this.buckets.delete(k);
  }
}
