/**
 * A latency histogram that merges across processes (its buckets are a plain object, sent over IPC): 10 µs
 * buckets below 10 ms, 1 ms buckets below 1 s, 10 ms buckets above. Percentiles are read as the bucket's
 * upper edge, so they never understate.
 */
export interface LatencyHistogram {
  /** bucket index → count */
  buckets: Record<number, number>;
  count: number;
  maxMs: number;
}

/** An empty histogram. */
export function emptyHistogram(): LatencyHistogram {
  return { buckets: {}, count: 0, maxMs: 0 };
}

function bucketOf(ms: number): number {
  if (ms < 10) return Math.floor(ms * 100);
  if (ms < 1000) return 1000 + Math.floor(ms);
  return 2000 + Math.floor(ms / 10);
}

function upperEdgeOf(bucket: number): number {
  if (bucket < 1000) return (bucket + 1) / 100;
  if (bucket < 2000) return bucket - 1000 + 1;
  return (bucket - 2000 + 1) * 10;
}

/** Counts one latency (negative ones, from clocks read a hair apart, count as 0). */
export function recordLatency(h: LatencyHistogram, ms: number): void {
  const b = bucketOf(Math.max(0, ms));
  h.buckets[b] = (h.buckets[b] ?? 0) + 1;
  h.count += 1;
  if (ms > h.maxMs) h.maxMs = ms;
}

/** Adds `from` into `into`. */
export function mergeHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [b, n] of Object.entries(from.buckets))
    into.buckets[Number(b)] = (into.buckets[Number(b)] ?? 0) + n;
  into.count += from.count;
  into.maxMs = Math.max(into.maxMs, from.maxMs);
}

/** The p-th percentile in ms (NaN when empty). */
export function percentileOf(h: LatencyHistogram, p: number): number {
  if (h.count === 0) return NaN;
  const rank = Math.min(h.count, Math.max(1, Math.ceil((p / 100) * h.count)));
  let seen = 0;
  for (const b of Object.keys(h.buckets)
    .map(Number)
    .sort((x, y) => x - y)) {
    seen += h.buckets[b] ?? 0;
    if (seen >= rank) return Math.min(upperEdgeOf(b), h.maxMs);
  }
  return h.maxMs;
}

/** How many recorded latencies exceed `ms` (counted at bucket resolution). */
export function countAbove(h: LatencyHistogram, ms: number): number {
  let n = 0;
  for (const [b, c] of Object.entries(h.buckets)) if (upperEdgeOf(Number(b)) > ms) n += c;
  return n;
}
