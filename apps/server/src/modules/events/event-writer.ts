import type { ChatEvent, OperatorEvent } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import type { PublishedEvent } from './event-bus.ts';
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
      caseId: number | null,
      payload: string,
      createdAt: string,
    ) =>
      db
        .insertInto('outbox_events')
        .values((eb) => ({
          seq: sequenceOnInsert
            ? eb.selectFrom('outbox_events').select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
            : null,
          type,
          audience,
          queue_id: queueId,
          operator_id: operatorId,
          identity_id: identityId,
          case_id: caseId,
          payload,
          created_at: createdAt,
        }))
        .returning('seq'),
  );
}

/** The case an operator event is about, from the event itself (null for `operator.updated`). */
function caseIdOf(event: OperatorEvent): number | null {
  switch (event.type) {
    case 'case.updated':
    case 'case.escalated':
      return event.case.id;
    case 'message.created':
      return event.message.caseId;
    case 'message.status':
      return event.caseId;
    case 'operator.updated':
      return null;
  }
}

/**
 * Who an operator event is for: the members of `queueId` and the operator `operatorId` (either may be null).
 * `caseId` names the case the event is about; the fan-out finds who has it open by it (build it with `caseAudience`).
 */
export interface OperatorAudience {
  caseId?: number | null;
  queueId: number | null;
  operatorId: number | null;
}

/**
 * Writes domain events to the transactional outbox, in the caller's transaction, and hands each one to
 * the relay once committed. The audience is explicit on every event.
 */
export class EventWriter {
  private readonly insert: ReturnType<typeof prepareInsert>;

  /**
   * @param onCommitted called after the commit with the event as stored. Its `seq` is null where the relay
   *   numbers events later (PostgreSQL).
   */
  constructor(
    private readonly clock: Clock,
    private readonly onCommitted: (event: Omit<PublishedEvent, 'seq'> & { seq: number | null }) => void,
    sequenceOnInsert: boolean,
  ) {
    this.insert = prepareInsert(sequenceOnInsert);
  }

  /**
   * An event for the operators who can see `queueId` (and the assignee, wherever the case sits). `caseId`
   * (the case the event is about) lets the fan-out find who has the case open (docs/realtime.md); when it
   * is left out it is read from the event itself.
   */
  async toOperators(tx: Tx, event: OperatorEvent, to: OperatorAudience) {
    await this.write(tx, {
      type: event.type,
      audience: 'operators',
      queue_id: to.queueId,
      operator_id: to.operatorId,
      identity_id: null,
      case_id: to.caseId ?? caseIdOf(event),
      payload: JSON.stringify(event),
      event,
    });
  }

  /** An event for the customer's own stream (web chat / SDK). */
  async toCustomer(tx: Tx, identityId: number, event: ChatEvent) {
    await this.write(tx, {
      type: event.type,
      audience: 'customer',
      queue_id: null,
      operator_id: null,
      identity_id: identityId,
      case_id: null,
      payload: JSON.stringify(event),
      event,
    });
  }

  private async write(tx: Tx, e: Omit<PublishedEvent, 'seq'>) {
    const now = this.clock.now().toISOString();
    const [row] = await this.insert.run(
      tx.db,
      e.type,
      e.audience,
      e.queue_id,
      e.operator_id,
      e.identity_id,
      e.case_id,
      e.payload,
      now,
    );
    const seq = row?.seq ?? null;
    tx.afterCommit(() => this.onCommitted({ ...e, seq: seq === null ? null : Number(seq) }));
  }
}
