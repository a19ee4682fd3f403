import type { FailedRawEventList, FailedRawEventView } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { InboundDeps } from './inbound-deps.ts';

/** Failed events, newest first (at most `limit`), with the total. */
export async function listFailedRawEvents(
  deps: Pick<InboundDeps, 'store'>,
  limit: number,
): Promise<FailedRawEventList> {
  const { db } = deps.store;
  const rows = await db
    .selectFrom('raw_events')
    .innerJoin('channel_accounts', 'channel_accounts.id', 'raw_events.channel_account_id')
    .select([
      'raw_events.id',
      'raw_events.channel_account_id',
      'channel_accounts.kind',
      'channel_accounts.name',
      'raw_events.event_key',
      'raw_events.received_at',
      'raw_events.failed_at',
      'raw_events.attempts',
      'raw_events.error_code',
      'raw_events.last_error',
    ])
    .where('raw_events.status', '=', 'failed')
    .orderBy('raw_events.id', 'desc')
    .limit(limit)
    .execute();
  const total = await db
    .selectFrom('raw_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'failed')
    .executeTakeFirstOrThrow();
  const items = rows.map((r): FailedRawEventView => ({
    id: r.id,
    channelId: r.channel_account_id,
    channelKind: r.kind,
    channelName: r.name,
    eventKey: r.event_key,
    receivedAt: r.received_at,
    failedAt: r.failed_at,
    attempts: r.attempts,
    errorCode: r.error_code ?? 'UNEXPECTED',
    error: r.last_error ?? '',
  }));
  return { items, total: Number(total.n) };
}

/**
 * Put a failed event back to pending with fresh attempts (after the cause was fixed), audited. What it
 * carries is stored once however often it is processed (unique provider ids).
 */
export async function reprocessRawEvent(
  deps: Pick<InboundDeps, 'store' | 'clock' | 'audit'>,
  rawEventId: number,
  actorId: number,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  const updated = await deps.store.write(async (tx) => {
    const row = await tx.db
      .updateTable('raw_events')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, error_code: null, failed_at: null })
      .where('id', '=', rawEventId)
      .where('status', '=', 'failed')
      .returning(['id', 'channel_account_id'])
      .executeTakeFirst();
    if (row) {
      await deps.audit.record(tx, actorId, 'raw_event.reprocess', 'raw_event', row.id, {
        channelId: row.channel_account_id,
      });
    }
    return row;
  });
  if (!updated) {
    throw new AppError(
      'RAW_EVENT_NOT_FOUND',
      `no failed event ${rawEventId}: it was processed already or never failed`,
    );
  }
}
