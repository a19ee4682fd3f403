import type { InboxRow, OperatorEvent } from '@frontline/shared';
import {
  audienceOf,
  mayReceive,
  staffReceives,
  type Recipient,
  type RowChange,
} from '../../modules/events/audience.ts';
import type { PublishedEvent, Signal } from '../../modules/events/event-bus.ts';
import type { RealtimeLimits } from '../../lib/realtime-limits.ts';
import { FlushScheduler, type SocketWriter } from './socket-writer.ts';

/** One operator socket as the hub knows it. */
export interface OperatorConnection {
  readonly recipient: Recipient;
  readonly writer: SocketWriter;
  /** The cases this socket has open (`view`). */
  readonly viewed: Set<number>;
  /** False while the socket's session is over (it is being closed): it is sent nothing. */
  isLive(): boolean;
}

/** A stored event parsed once per node: what the fan-out and the replay both work from. */
export interface PreparedEvent {
  row: PublishedEvent;
  event: OperatorEvent;
  /** `{"type":"event","id":…,"event":…}`, serialised once, shared by every recipient. */
  frame: string;
}

/** Turns a stored operator event into its frame: parsed once, file URLs refreshed once, serialised once. */
export type PrepareEvent = (row: PublishedEvent) => PreparedEvent | null;

export interface PendingRow {
  id: number;
  change: RowChange;
}

/** One queue's rows folded since its window opened. */
interface RowWindow {
  /** The seq of the first event folded into it. */
  start: number;
  cases: Map<number, PendingRow>;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Where in the row window a queue's flush falls, as a share of the window (0 ≤ phase < 1). The golden-ratio
 * step spreads the queues' flushes evenly over the window, so no turn writes every queue's rows at once:
 * a national center's 2,000 member sockets are written a queue at a time, between other work.
 */
export function queuePhase(queueId: number): number {
  const x = (queueId + 1) * 0.6180339887498949;
  return x - Math.floor(x);
}

/** Milliseconds from `nowMs` to the queue's next flush: its phase in the window, never later than one window. */
export function untilFlush(queueId: number, nowMs: number, windowMs: number): number {
  const phaseMs = queuePhase(queueId) * windowMs;
  const wait = (((phaseMs - nowMs) % windowMs) + windowMs) % windowMs;
  return wait < 1 ? windowMs : wait;
}

const noQueue = -1;

/** How many payload bytes of a burst are fanned out per turn. */
const sliceBytes = 256 * 1024;

function indexAdd<K>(index: Map<K, Set<OperatorConnection>>, key: K, c: OperatorConnection): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(c);
}

function indexRemove<K>(index: Map<K, Set<OperatorConnection>>, key: K, c: OperatorConnection): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(c);
  if (set.size === 0) index.delete(key);
}

/** The wire form of a coalesced row. */
function toInboxRow(p: PendingRow): InboxRow {
  return {
    id: p.id,
    caseId: p.change.caseId,
    ...(p.change.case ? { case: p.change.case } : {}),
    ...(p.change.message ? { message: p.change.message } : {}),
  };
}

/** Folds a row change into what is pending for its case (the newest summary wins; a later message bumps it). */
export function foldRow(pending: PendingRow | undefined, id: number, change: RowChange): PendingRow {
  if (!pending || change.case) return { id, change };
  return { id, change: { ...pending.change, ...(change.message ? { message: change.message } : {}) } };
}

/** `{"type":"rows","rows":[…]}` for a group of coalesced rows. */
export function rowsFrame(rows: PendingRow[]): string {
  return JSON.stringify({ type: 'rows', rows: rows.map(toInboxRow) });
}

/**
 * This node's operator fan-out (docs/realtime.md). Sockets are indexed by operator, by queue and by viewed
 * case, so an event reaches its recipients without a scan of every socket; each event is parsed and
 * serialised once; full events are queued at once to the assignee and the viewers, inbox rows are folded
 * per case and queue and sent to the queue's members (and supervisors/admins) once per `rowWindowMs`, each
 * queue at its own phase of the window (`queuePhase`) so the row writes of many queues never pile into one turn.
 * Each socket's frames of one turn leave in one `batch` whose `cursor` never passes a row still pending.
 */
export class OperatorHub {
  private readonly byOperator = new Map<number, Set<OperatorConnection>>();
  private readonly byQueue = new Map<number, Set<OperatorConnection>>();
  private readonly byCase = new Map<number, Set<OperatorConnection>>();
  private readonly staff = new Set<OperatorConnection>();
  readonly scheduler = new FlushScheduler();
  private lastSeq = 0;
  /**
   * Each queue's open row window: the rows waiting for it to close, by case. In the order they opened, which
   * is the order of their `start` (seqs only grow): the first one holds back the cursor.
   */
  private readonly windows = new Map<number, RowWindow>();

  constructor(
    private readonly prepare: PrepareEvent,
    private readonly limits: RealtimeLimits,
  ) {}

  /**
   * Where a client may resume from after what has been queued to it so far: every event at or below it
   * that it may see is in a frame already queued (the open row window holds back the cursor).
   */
  cursor(): number {
    const oldest = this.windows.values().next();
    return oldest.done ? this.lastSeq : Math.min(this.lastSeq, oldest.value.start - 1);
  }

  /** Makes the hub start counting from the log's top (a node that starts publishes from there). */
  seen(seq: number): void {
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  add(c: OperatorConnection): void {
    indexAdd(this.byOperator, c.recipient.operatorId, c);
    if (c.recipient.role === 'operator') for (const q of c.recipient.queueIds) indexAdd(this.byQueue, q, c);
    else this.staff.add(c);
    for (const id of c.viewed) indexAdd(this.byCase, id, c);
  }

  remove(c: OperatorConnection): void {
    indexRemove(this.byOperator, c.recipient.operatorId, c);
    for (const q of c.recipient.queueIds) indexRemove(this.byQueue, q, c);
    this.staff.delete(c);
    for (const id of c.viewed) indexRemove(this.byCase, id, c);
  }

  /** Replaces the cases a socket has open. */
  view(c: OperatorConnection, caseIds: readonly number[]): void {
    for (const id of c.viewed) indexRemove(this.byCase, id, c);
    c.viewed.clear();
    for (const id of caseIds) {
      c.viewed.add(id);
      indexAdd(this.byCase, id, c);
    }
  }

  /**
   * The bus listener: sequenced events of every audience, in order. A big burst (a relay page of up to a
   * thousand events) is fanned out a slice per turn, so every socket's batch of a turn stays small and
   * readers drain between slices: a burst is not mistaken for a slow reader.
   */
  onEvents(events: PublishedEvent[]): void {
    this.incoming.push(...events);
    if (!this.draining) this.drainIncoming();
  }

  private incoming: PublishedEvent[] = [];
  private draining = false;

  private drainIncoming(): void {
    let bytes = 0;
    let taken = 0;
    while (taken < this.incoming.length && bytes < sliceBytes) {
      const row = this.incoming[taken++] as PublishedEvent;
      bytes += row.payload.length;
      this.seen(row.seq);
      if (row.audience !== 'operators') continue;
      const prepared = this.prepare(row);
      if (prepared) this.deliver(prepared);
    }
    this.incoming = this.incoming.slice(taken);
    this.draining = this.incoming.length > 0;
    // The slice's frames are written now, at the end of the bus delivery that brought them, not a loop
    // iteration later (behind the next round of network reads): still one write per socket per slice.
    this.scheduler.flushAll();
    if (this.draining) setImmediate(() => this.drainIncoming());
  }

  /** The bus listener for typing: to the addressee, the queue's members and supervisors/admins. */
  onSignal(signal: Signal): void {
    if (signal.to.audience !== 'operators') return;
    const frame = JSON.stringify({ type: 'typing', caseId: signal.caseId, who: 'customer' });
    const targets = new Set<OperatorConnection>(this.staff);
    for (const c of this.byQueue.get(signal.to.queueId) ?? []) targets.add(c);
    if (signal.to.operatorId !== null)
      for (const c of this.byOperator.get(signal.to.operatorId) ?? []) targets.add(c);
    for (const c of targets) if (c.isLive()) c.writer.enqueue(frame);
  }

  /** Stops the row window (the app is closing). */
  close(): void {
    for (const w of this.windows.values()) clearTimeout(w.timer);
    this.windows.clear();
  }

  private deliver(p: PreparedEvent): void {
    const { row, event } = p;
    const audience = audienceOf(row, event);
    const full = new Set<OperatorConnection>();
    if (audience.operatorId !== null)
      for (const c of this.byOperator.get(audience.operatorId) ?? []) full.add(c);
    if (audience.viewersOf !== null)
      for (const c of this.byCase.get(audience.viewersOf) ?? [])
        if (mayReceive(c.recipient, row)) full.add(c);
    if (audience.staff) for (const c of this.staff) if (staffReceives(c.recipient, audience)) full.add(c);
    for (const c of full) if (c.isLive()) c.writer.enqueue(p.frame);
    if (audience.row) this.fold(row.seq, audience.row);
  }

  private fold(seq: number, change: RowChange): void {
    const queue = change.queueId ?? noQueue;
    let window = this.windows.get(queue);
    if (!window) {
      const timer = setTimeout(
        () => this.flushRows(queue),
        untilFlush(queue, Date.now(), this.limits.rowWindowMs),
      );
      timer.unref();
      this.windows.set(queue, (window = { start: seq, cases: new Map(), timer }));
    }
    window.cases.set(change.caseId, foldRow(window.cases.get(change.caseId), seq, change));
  }

  /** Sends one queue's window: one frame, serialised once, to its members and to supervisors/admins. */
  private flushRows(queue: number): void {
    const window = this.windows.get(queue);
    if (!window) return;
    const frame = rowsFrame([...window.cases.values()]);
    for (const c of this.staff) if (c.isLive()) c.writer.enqueue(frame);
    if (queue !== noQueue)
      for (const c of this.byQueue.get(queue) ?? []) if (c.isLive()) c.writer.enqueue(frame);
    // Deleted from the windows only now that its rows are queued: the cursor (the batch of this turn carries
    // it) moves past it, as far as the oldest window still open.
    this.windows.delete(queue);
  }
}
