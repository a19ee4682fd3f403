import { handoutRatePerMinute, type BusyPeriod } from './estimate-wait.ts';

interface QueueHistory {
  handouts: number[];
  busy: BusyPeriod[];
}

/**
 * Each queue's recent hand-outs (a case that had waited went to an operator) and the periods it had
 * someone waiting, kept for `windowMs`: what the wait estimate is measured from. Fed by the node's
 * events; times are milliseconds from the caller's clock.
 */
export class HandoutLog {
  private readonly queues = new Map<number, QueueHistory>();

  constructor(private readonly windowMs: number) {}

  /** The queue's number of waiting cases is now `waiting`: a busy period opens or closes. */
  setWaiting(queueId: number, waiting: number, at: number): void {
    const q = this.history(queueId);
    const open = q.busy.at(-1);
    const isOpen = open !== undefined && open.end === null;
    if (waiting > 0 && !isOpen) q.busy.push({ start: at, end: null });
    if (waiting === 0 && isOpen) open.end = at;
  }

  /** A case that had waited in the queue went to an operator. */
  handout(queueId: number, at: number): void {
    this.history(queueId).handouts.push(at);
  }

  /** The queue's hand-out rate per minute of waiting (see `handoutRatePerMinute`). */
  rate(queueId: number, now: number, priorPerMinute: number | null): number | null {
    const q = this.history(queueId);
    this.prune(q, now);
    return handoutRatePerMinute({
      handouts: q.handouts,
      busy: q.busy,
      now,
      windowMs: this.windowMs,
      priorPerMinute,
    });
  }

  private history(queueId: number): QueueHistory {
    let q = this.queues.get(queueId);
    if (!q) this.queues.set(queueId, (q = { handouts: [], busy: [] }));
    return q;
  }

  private prune(q: QueueHistory, now: number): void {
    const from = now - this.windowMs;
    while (q.handouts.length > 0 && (q.handouts[0] ?? 0) <= from) q.handouts.shift();
    while (q.busy.length > 0 && (q.busy[0]?.end ?? Infinity) <= from) q.busy.shift();
  }
}
