import type { ChatEvent, OperatorEvent } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import type { Tx } from '../../store/store.ts';

/**
 * Writes domain events to the transactional outbox, in the caller's transaction, and asks the relay to
 * publish them once committed. The audience is explicit on every event.
 */
export class EventWriter {
  constructor(
    private readonly clock: Clock,
    private readonly onCommitted: () => void,
  ) {}

  /** An event for the operators who can see `queueId` (and the assignee, wherever the case sits). */
  async toOperators(tx: Tx, event: OperatorEvent, to: { queueId: number | null; operatorId: number | null }) {
    await tx.db
      .insertInto('outbox_events')
      .values({
        type: event.type,
        audience: 'operators',
        queue_id: to.queueId,
        operator_id: to.operatorId,
        identity_id: null,
        payload: JSON.stringify(event),
        created_at: this.clock.now().toISOString(),
      })
      .execute();
    tx.afterCommit(this.onCommitted);
  }

  /** An event for the customer's own stream (web chat / SDK). */
  async toCustomer(tx: Tx, identityId: number, event: ChatEvent) {
    await tx.db
      .insertInto('outbox_events')
      .values({
        type: event.type,
        audience: 'customer',
        queue_id: null,
        operator_id: null,
        identity_id: identityId,
        payload: JSON.stringify(event),
        created_at: this.clock.now().toISOString(),
      })
      .execute();
    tx.afterCommit(this.onCommitted);
  }
}
