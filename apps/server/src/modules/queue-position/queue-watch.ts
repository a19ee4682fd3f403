import type { CaseSummary, ChannelKind, Message } from '@frontline/shared';
import type { PublishedEvent } from '../events/event-bus.ts';

/** What a batch of the node's events changed, for the queue-position service. */
export interface QueueChanges {
  /** Queues whose waiting cases changed (one entered, left, moved). */
  dirty: Set<number>;
  /** Cases that began waiting now (not seen waiting before), with their channel kind. */
  entered: Array<{ caseId: number; queueId: number; kind: ChannelKind | null }>;
  /** Cases that stopped waiting (taken, resolved, merged). */
  left: Array<{ caseId: number; queueId: number; assigned: boolean }>;
  /** Customer messages in cases that wait. */
  questions: Array<{ caseId: number; queueId: number; kind: ChannelKind | null; text: string }>;
}

/**
 * Which cases wait in which queue, as the node's `case.updated` and `message.created` events tell it
 * (seeded from the store at start), and what each batch of events changed.
 */
export class QueueWatch {
  /** Waiting case → its queue. */
  private readonly waiting = new Map<number, number>();
  private readonly counts = new Map<number, number>();

  /** Starts from the store's waiting cases. */
  seed(rows: Array<{ id: number; queueId: number }>): void {
    this.waiting.clear();
    this.counts.clear();
    for (const r of rows) this.add(r.id, r.queueId);
  }

  /** How many cases wait in the queue. */
  count(queueId: number): number {
    return this.counts.get(queueId) ?? 0;
  }

  queues(): number[] {
    return [...this.counts.keys()];
  }

  /** Applies a batch of events; returns what changed. */
  apply(events: readonly PublishedEvent[]): QueueChanges {
    const changes: QueueChanges = { dirty: new Set(), entered: [], left: [], questions: [] };
    for (const row of events) {
      if (row.audience !== 'operators') continue;
      if (row.type !== 'case.updated' && row.type !== 'message.created') continue;
      // Most events are about cases that neither wait nor begin to: those are not even parsed.
      const known = row.case_id !== null && this.waiting.has(row.case_id);
      if (!known && !row.payload.includes('"status":"queued"')) continue;
      const event = (row.event ?? JSON.parse(row.payload)) as { case?: CaseSummary; message?: Message };
      if (event.case) this.track(event.case, changes);
      const m = event.message;
      if (row.type === 'message.created' && m && m.direction === 'in' && event.case?.status === 'queued') {
        changes.questions.push({
          caseId: m.caseId,
          queueId: event.case.queueId,
          kind: event.case.lastChannelKind,
          text: m.text,
        });
      }
    }
    return changes;
  }

  private track(c: CaseSummary, changes: QueueChanges): void {
    const before = this.waiting.get(c.id);
    if (c.status === 'queued') {
      if (before === c.queueId) return;
      if (before === undefined) {
        changes.entered.push({ caseId: c.id, queueId: c.queueId, kind: c.lastChannelKind });
      } else {
        this.remove(c.id, before);
        changes.dirty.add(before);
      }
      this.add(c.id, c.queueId);
      changes.dirty.add(c.queueId);
      return;
    }
    if (before === undefined) return;
    this.remove(c.id, before);
    changes.dirty.add(before);
    changes.left.push({ caseId: c.id, queueId: before, assigned: c.status === 'assigned' });
  }

  private add(caseId: number, queueId: number): void {
    this.waiting.set(caseId, queueId);
    this.counts.set(queueId, this.count(queueId) + 1);
  }

  private remove(caseId: number, queueId: number): void {
    this.waiting.delete(caseId);
    const n = this.count(queueId) - 1;
    if (n > 0) this.counts.set(queueId, n);
    else this.counts.delete(queueId);
  }
}
