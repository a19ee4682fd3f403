import { canSeeAudience, overseesQueue, type Viewer } from '../cases/case-visibility.ts';
import type { CaseSummary, Message, OperatorEvent } from '@frontline/shared';
import type { PublishedEvent } from './event-bus.ts';

/** The part of an operator session that decides what reaches it. */
export interface Recipient {
  operatorId: number;
  role: 'operator' | 'supervisor' | 'admin';
  queueIds: readonly number[];
}

/** An inbox-row change of one case for one queue's members (and supervisors/admins), before coalescing. */
export interface RowChange {
  /** The queue whose members get the row; null: only supervisors and admins (and the addressee). */
  queueId: number | null;
  caseId: number;
  /** The case as it stands after the event, when the event carries it. */
  case?: CaseSummary;
  /** A message that bumps the row, when the event carries no summary. */
  message?: Message;
}

/** Who receives what of one operator event (docs/realtime.md). */
export interface Audience {
  /** The operator the event is addressed to (the case's assignee, or the operator an update is about). */
  operatorId: number | null;
  /** The case whose viewers (sockets that have it open and may see the event) get the full event. */
  viewersOf: number | null;
  /** Supervisors and admins get the full event too (events about no case: `operator.updated`). */
  staff: boolean;
  /**
   * With `staff`: only the supervisors of this queue (members of it, or in no queue at all: they oversee
   * every queue) and admins; null: every supervisor and admin.
   */
  staffOfQueue?: number | null;
  /** The inbox-row change queue members get, coalesced per window; null when the row does not change. */
  row: RowChange | null;
}

/**
 * The one audience rule of operator events: the full event goes to its addressee (the assignee) and to
 * whoever has the case open; the case's inbox row goes to the members of the queue (and to supervisors and
 * admins, who see every queue), coalesced; an event about no case goes in full to its addressee and to
 * supervisors and admins. Customer events are not decided here (they go to the customer's own stream).
 */
export function audienceOf(
  row: Pick<PublishedEvent, 'queue_id' | 'operator_id' | 'case_id'>,
  event: OperatorEvent,
): Audience {
  const base = { operatorId: row.operator_id, viewersOf: row.case_id, staff: false };
  switch (event.type) {
    case 'case.updated':
      return { ...base, row: { queueId: row.queue_id, caseId: event.case.id, case: event.case } };
    case 'message.created': {
      const m = event.message;
      if (event.case) return { ...base, row: { queueId: row.queue_id, caseId: m.caseId, case: event.case } };
      // Internal notes do not move the inbox row.
      if (m.direction === 'note') return { ...base, row: null };
      return { ...base, row: { queueId: row.queue_id, caseId: m.caseId, message: m } };
    }
    case 'message.status':
      return { ...base, row: null };
    case 'operator.updated':
      return { operatorId: row.operator_id, viewersOf: null, staff: true, row: null };
    case 'case.escalated':
      // An alert for the queue's supervisors and admins; the case's row changes by its own `case.updated`.
      return { operatorId: null, viewersOf: null, staff: true, staffOfQueue: row.queue_id, row: null };
  }
}

/** Does this supervisor or admin get the event in full as staff (`Audience.staff`, `staffOfQueue`)? */
export function staffReceives(recipient: Recipient, audience: Audience): boolean {
  if (!audience.staff || recipient.role === 'operator') return false;
  const queue = audience.staffOfQueue ?? null;
  return queue === null || overseesQueue(viewerOf(recipient), queue);
}

/**
 * May this operator receive this event (or its row)? Supervisors and admins see everything, an operator
 * what is addressed to them and what belongs to their queues — the same rule as the REST visibility.
 */
export function mayReceive(
  recipient: Recipient,
  event: Pick<PublishedEvent, 'queue_id' | 'operator_id'>,
): boolean {
  return canSeeAudience(viewerOf(recipient), { queueId: event.queue_id, operatorId: event.operator_id });
}

/** The recipient as the visibility rule reads it. */
export function viewerOf(recipient: Recipient): Viewer {
  return { id: recipient.operatorId, role: recipient.role, queueIds: recipient.queueIds };
}
