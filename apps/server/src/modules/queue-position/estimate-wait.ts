/**
 * The estimated wait of a queued case (docs/routing.md "Queue position"): the case at position N waits for
 * the N-th hand-out from now, so its wait is N divided by the queue's hand-out rate. The rate is measured
 * only while the queue had someone waiting (a queue that is empty hands nothing out, which says nothing
 * about how fast operators free up), over a recent window, and starts from a prior while there is little
 * history. Pure: every time is a number of milliseconds passed in.
 */

/** A period in which the queue had at least one case waiting (`end` null: still has). */
export interface BusyPeriod {
  start: number;
  end: number | null;
}

export interface RateInput {
  /** When cases that had waited in the queue were handed to operators. */
  handouts: readonly number[];
  /** When the queue had someone waiting. */
  busy: readonly BusyPeriod[];
  now: number;
  /** How far back hand-outs and busy time count. */
  windowMs: number;
  /**
   * The hand-out rate assumed without history (per minute), e.g. from the operators online; null when
   * there is nothing to assume it from (nobody online).
   */
  priorPerMinute: number | null;
}

/** How many minutes of waiting the prior is worth: after a few busy minutes the history dominates. */
export const priorMinutes = 5;

/** The queue's hand-out rate (hand-outs per minute of waiting), or null when nothing can be said. */
export function handoutRatePerMinute(input: RateInput): number | null {
  const from = input.now - input.windowMs;
  let count = 0;
  for (const t of input.handouts) if (t > from && t <= input.now) count++;
  let busyMs = 0;
  for (const p of input.busy) {
    const start = Math.max(p.start, from);
    const end = Math.min(p.end ?? input.now, input.now);
    if (end > start) busyMs += end - start;
  }
  const busyMinutes = busyMs / 60_000;
  const prior = input.priorPerMinute;
  if (prior !== null && prior > 0) return (count + prior * priorMinutes) / (busyMinutes + priorMinutes);
  // No prior: only real history, and not from a blink of busy time.
  if (count === 0) return null;
  return count / Math.max(busyMinutes, 1);
}

/** The expected wait in minutes of the case at `position` (1: next), or null without a rate. */
export function expectedWaitMinutes(position: number, ratePerMinute: number | null): number | null {
  if (ratePerMinute === null || !(ratePerMinute > 0)) return null;
  return position / ratePerMinute;
}

/** The wait as customers are told it: whole minutes, at least 1 (null stays null). */
export function shownWaitMinutes(minutes: number | null): number | null {
  if (minutes === null) return null;
  return Math.max(1, Math.round(minutes));
}

/** Minutes one case is assumed to take per unit of capacity, for the prior (no history yet). */
export const assumedMinutesPerCase = 10;

/** The prior rate: the online members' capacity, each unit freeing up every `assumedMinutesPerCase`. */
export function priorFromCapacity(onlineCapacity: number): number | null {
  return onlineCapacity > 0 ? onlineCapacity / assumedMinutesPerCase : null;
}
