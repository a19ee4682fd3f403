import { noticeText } from '@frontline/shared';
import { ChannelError } from '../../lib/errors.ts';
import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import type { Tx } from '../../store/store.ts';
import type { InboundDeps } from './inbound-deps.ts';
import type { Acknowledgement, PreparedStep } from './prepared-raw-event.ts';
import { recordIgnoredEvent } from './record-ignored-event.ts';

/** The code of a status that arrived before its message was stored: retried, never failed for it. */
export const statusBeforeMessage = 'STATUS_BEFORE_MESSAGE';
/** How long a status for an unknown message id is retried before it is taken as not ours. */
const unknownStatusPatienceMs = 10 * 60_000;

/** One prepared step, inside the batch's transaction (a savepoint of its own). */
export async function applyInboundStep(
  deps: Pick<InboundDeps, 'cases' | 'clock' | 'logger' | 'metrics'>,
  tx: Tx,
  account: ChannelAccount,
  step: PreparedStep,
  receivedAt: string,
  acknowledge: (ack: Acknowledgement) => void,
): Promise<void> {
  const { event } = step;
  switch (event.type) {
    case 'message': {
      if (!step.message) throw new Error('a message step was not prepared');
      const { duplicate } = await deps.cases.receiveInbound(step.message, tx);
      const ref = event.acknowledgeRef;
      if (ref !== undefined && !duplicate) tx.afterCommit(() => acknowledge({ account, ref }));
      return;
    }
    case 'status': {
      const outcome = await deps.cases.applyProviderStatus(
        account.id,
        event.externalMessageId,
        event.status,
        event.reason,
        tx,
      );
      // The status overtook the send result being stored (failure mode F5, docs/channels.md). Keep the
      // event and try again shortly; after a while it is taken as a status of a message that is not ours
      // (another system on the number).
      const waited = deps.clock.now().getTime() - Date.parse(receivedAt);
      if (outcome === 'unknown' && waited < unknownStatusPatienceMs) {
        throw new ChannelError(
          statusBeforeMessage,
          `a status for ${event.externalMessageId} arrived before that message was stored`,
          { retryable: true, retryAfterMs: 1000 },
        );
      }
      return;
    }
    case 'reachability':
      await tx.db
        .updateTable('identities')
        .set({ unreachable_reason: event.reachable ? null : event.reason })
        .where('channel_account_id', '=', account.id)
        .where('external_id', '=', event.externalId)
        .execute();
      return;
    case 'identity-moved': {
      const outcome = await deps.cases.moveIdentity(
        {
          channelAccountId: account.id,
          externalId: event.externalId,
          newExternalId: event.newExternalId,
          note: event.note,
          ...(event.contactPoints ? { contactPoints: event.contactPoints } : {}),
        },
        tx,
      );
      if (outcome === 'unknown') {
        await recordIgnoredEvent(
          deps,
          tx,
          account,
          'unknown_identity',
          `${noticeText(event.note)} (no customer known by the old id)`,
        );
      }
      return;
    }
    case 'channel-problem':
      deps.logger.warn(
        { channelAccountId: account.id, kind: account.kind, detail: event.detail },
        'provider reported a channel problem',
      );
      await tx.db
        .updateTable('channel_accounts')
        .set({
          health_ok: 0,
          health_detail: event.detail,
          health_checked_at: deps.clock.now().toISOString(),
        })
        .where('id', '=', account.id)
        .execute();
      return;
    case 'ignored':
      await recordIgnoredEvent(deps, tx, account, event.code ?? 'unspecified', event.reason);
      return;
  }
}
