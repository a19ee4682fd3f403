import type { ChatEvent, OperatorEvent } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { prepare } from '../../store/prepared.ts';
import type { Tx } from '../../store/store.ts';

/**
 * On SQLite the one writer commits in id order, so the cursor is given at insert time (max + 1,
 * read from the unique index). On PostgreSQL rows are inserted unsequenced and the relay numbers them.
 */
function prepareInsert(sequenceOnInsert: boolean) {
  return prepare(
    (
      db: Kysely<Database>,
      type: string,
      audience: 'operators' | 'customer',
      queueId: number | null,
      operatorId: number | null,
      identityId: number | null,
      payload: string,
      createdAt: string,
    ) =>
      db.insertInto('outbox_events').values((eb) => ({
        seq: sequenceOnInsert
          ? eb.selectFrom('outbox_events').select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
          : null,
        type,
        audience,
        queue_id: queueId,
        operator_id: operatorId,
        identity_id: identityId,
        payload,
        created_at: createdAt,
      })),
  );
}

/**
 * Writes domain events to the transactional outbox, in the caller's transaction, and asks the relay to
 * publish them once committed. The audience is explicit on every event.
 */
export class EventWriter {
  private readonly insert: ReturnType<typeof prepareInsert>;

  constructor(
    private readonly clock: Clock,
    private readonly onCommitted: () => void,
    sequenceOnInsert: boolean,
  ) {
    this.insert = prepareInsert(sequenceOnInsert);
  }

  /** An event for the operators who can see `queueId` (and the assignee, wherever the case sits). */
  async toOperators(tx: Tx, event: OperatorEvent, to: { queueId: number | null; operatorId: number | null }) {
    const now = this.clock.now().toISOString();
    await this.insert.run(
      tx.db,
      event.type,
      'operators',
      to.queueId,
      to.operatorId,
      null,
      JSON.stringify(event),
      now,
    );
    tx.afterCommit(this.onCommitted);
  }

  /** An event for the customer's own stream (web chat / SDK). */
  async toCustomer(tx: Tx, identityId: number, event: ChatEvent) {
    const now = this.clock.now().toISOString();
    await this.insert.run(tx.db, event.type, 'customer', null, null, identityId, JSON.stringify(event), now);
    tx.afterCommit(this.onCommitted);
  }
}
