import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { PublishedEvent } from './event-bus.ts';

/** Whose events a backlog read returns. */
export type BacklogFilter =
  /** Every sequenced event (the relay). */
  | { audience: 'all' }
  /**
   * Operators' events: all of them (`queueIds: null`, supervisors and admins), or those for one operator
   * (`operatorId`) and those of the queues they belong to.
   */
  | { audience: 'operators'; operatorId: number; queueIds: readonly number[] | null }
  /** One customer identity's own stream. */
  | { audience: 'customer'; identityId: number };

/**
 * The one reader of the event log: sequenced events with `seq > after`, ascending, at most `limit`, for
 * the relay, the operator gateway and the customer stream (socket and HTTP history) alike.
 */
export async function readEventBacklog(
  db: Kysely<Database>,
  filter: BacklogFilter,
  after: number,
  limit: number,
): Promise<PublishedEvent[]> {
  let q = db
    .selectFrom('outbox_events')
    .select(['seq', 'type', 'audience', 'queue_id', 'operator_id', 'identity_id', 'case_id', 'payload'])
    .where('seq', '>', after);
  if (filter.audience === 'customer')
    q = q.where('audience', '=', 'customer').where('identity_id', '=', filter.identityId);
  if (filter.audience === 'operators') {
    q = q.where('audience', '=', 'operators');
    const { operatorId, queueIds } = filter;
    if (queueIds !== null)
      q = q.where((eb) =>
        eb.or([
          eb('operator_id', '=', operatorId),
          ...(queueIds.length ? [eb('queue_id', 'in', queueIds)] : []),
        ]),
      );
  }
  const rows = await q.orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    case_id: r.case_id === null ? null : Number(r.case_id),
  }));
}
