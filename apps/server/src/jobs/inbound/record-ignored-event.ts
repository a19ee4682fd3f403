import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import type { Tx } from '../../store/store.ts';
import type { InboundDeps } from './inbound-deps.ts';

/**
 * Nothing is dropped without a trace: an event the adapter chose not to turn into a message is logged with
 * its reason, counted in `frontline_inbound_ignored_total{kind,reason}` and per account and reason code in
 * the store (count, latest detail and time), which the Channels screen shows.
 */
export async function recordIgnoredEvent(
  deps: Pick<InboundDeps, 'clock' | 'logger' | 'metrics'>,
  tx: Tx,
  account: ChannelAccount,
  code: string,
  detail: string,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  const lastDetail = detail.slice(0, 500);
  deps.logger.info(
    { channelAccountId: account.id, kind: account.kind, reason: code, detail: lastDetail },
    'inbound event ignored',
  );
  await tx.db
    .insertInto('channel_ignored_events')
    .values({ channel_account_id: account.id, code, count: 1, last_detail: lastDetail, last_at: now })
    .onConflict((oc) =>
      oc.columns(['channel_account_id', 'code']).doUpdateSet((eb) => ({
        count: eb('channel_ignored_events.count', '+', 1),
        last_detail: lastDetail,
        last_at: now,
      })),
    )
    .execute();
  tx.afterCommit(() => deps.metrics.inboundIgnored.inc({ kind: account.kind, reason: code }));
}
