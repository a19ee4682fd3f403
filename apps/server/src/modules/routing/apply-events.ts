import type { PublishedEvent } from '../events/event-bus.ts';
import type { RoutingIndex } from './routing-index.ts';

/** What the index reads from a `case.updated` event. */
interface CaseEventSummary {
  id: number;
  queueId: number;
  status: string;
  priority: number;
  assigneeId: number | null;
  lastChannelKind?: string | null;
  queuedAt?: string | null;
}

/**
 * Committed events of every node (the bus) into this node's routing index: a `case.updated` moves the case's
 * load to its assignee (or drops it) and puts it in, or takes it out of, its queue's waiting heap; an
 * `operator.updated` marks the operator to be read again before the next decision. Applied in seq order, the
 * index converges to the store whatever the order of this node's own changes in between.
 */
export function applyEvents(
  index: RoutingIndex,
  events: PublishedEvent[],
  context: {
    built: boolean;
    nowMs: () => number;
    operatorChanged: (id: number) => void;
    /** A queued case whose event does not tell when its wait began: read from the store before the next decision. */
    waitingUnknown: (caseId: number) => void;
  },
): void {
  for (const event of events) {
    if (event.type === 'operator.updated' && event.operator_id !== null) {
      context.operatorChanged(event.operator_id);
      continue;
    }
    // Before the index is built, the build reads all of it from the store.
    if (event.type !== 'case.updated' || !context.built) continue;
    let summary: CaseEventSummary | undefined;
    try {
      summary = ((event.event ?? JSON.parse(event.payload)) as { case?: CaseEventSummary }).case;
    } catch {
      continue;
    }
    if (!summary || typeof summary.id !== 'number') continue;
    const held = index.assigneeOf(summary.id);
    if (summary.status === 'assigned' && summary.assigneeId !== null) {
      index.removeWaiting(summary.id);
      index.setCaseLoad(summary.id, summary.assigneeId, summary.lastChannelKind ?? null);
      if (held !== summary.assigneeId) index.markAssigned(summary.assigneeId, context.nowMs());
      continue;
    }
    index.setCaseLoad(summary.id, null, null);
    if (summary.status !== 'queued') {
      index.removeWaiting(summary.id);
      continue;
    }
    if (!summary.queuedAt) {
      context.waitingUnknown(summary.id);
      continue;
    }
    index.putWaiting({
      id: summary.id,
      queueId: summary.queueId,
      priority: summary.priority,
      queuedMs: Date.parse(summary.queuedAt),
    });
  }
}
