import { claimDueRows } from '../../store/claim-due-rows.ts';
import type { Tx } from '../../store/store.ts';
import type { InboundDeps } from './inbound-deps.ts';
import type { RawEventRow } from './prepared-raw-event.ts';

/** How long claimed events stay this worker's before another may take them (if this one died). */
const leaseMs = 120_000;

/** Due raw events, oldest first, leased to this worker (PostgreSQL: rows other nodes hold are skipped). */
export function claimRawEvents(
  deps: Pick<InboundDeps, 'store' | 'clock'>,
  tx: Tx,
  batchSize: number,
): Promise<RawEventRow[]> {
  const { db } = tx;
  const now = deps.clock.now();
  const due = db
    .selectFrom('raw_events')
    .select(['id', 'channel_account_id', 'body', 'body_encoding', 'attempts', 'received_at'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('id')
    .limit(batchSize);
  // A lease: another worker may take them again only if this one dies.
  const leasedUntil = new Date(now.getTime() + leaseMs).toISOString();
  return claimDueRows(deps.store.dialect, due, (ids) =>
    db.updateTable('raw_events').set({ next_attempt_at: leasedUntil }).where('id', 'in', ids).execute(),
  );
}
