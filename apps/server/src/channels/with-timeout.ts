/**
 * The signal of one provider call: aborts after `timeoutMs`, or earlier when `outer` (the delivery
 * attempt's deadline, the platform stopping) aborts.
 *
 * @example await fetch(url, { signal: withTimeout(message.signal, 30_000) })
 */
export function withTimeout(outer: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const own = AbortSignal.timeout(timeoutMs);
  return outer ? AbortSignal.any([own, outer]) : own;
}
