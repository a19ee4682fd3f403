import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import { inSavepoint, TransactionLostError } from '../../store/in-savepoint.ts';
import type { Tx } from '../../store/store.ts';
import { applyInboundStep } from './apply-inbound-step.ts';
import { claimRawEvents } from './claim-raw-events.ts';
import type { InboundDeps } from './inbound-deps.ts';
import type { Acknowledgement, PreparedRawEvent, RawEventRow } from './prepared-raw-event.ts';
import { recordInboundFailure } from './record-inbound-failure.ts';

type SettleDeps = Pick<
  InboundDeps,
  'store' | 'clock' | 'logger' | 'channels' | 'cases' | 'metrics' | 'adapters'
>;

/**
 * Applies prepared raw events in one transaction and marks each done or failed there (claiming the next
 * `claimNext` due events in it too); then sends the acknowledgements of the messages that were newly
 * stored (network, after the commit). Returns the events claimed.
 */
export async function settleRawEvents(
  deps: SettleDeps,
  prepared: PreparedRawEvent[],
  claimNext: number,
): Promise<RawEventRow[]> {
  const acknowledgements: Acknowledgement[] = [];
  const next = await deps.store.write(async (tx) => {
    for (const p of prepared) await settleOne(deps, tx, p, (ack) => acknowledgements.push(ack));
    return claimNext > 0 ? claimRawEvents(deps, tx, claimNext) : [];
  });
  for (const { account, ref } of acknowledgements) await acknowledge(deps, account, ref);
  return next;
}

/** Each step in its own savepoint; the first that fails records the raw event failed (the others stay). */
async function settleOne(
  deps: SettleDeps,
  tx: Tx,
  prepared: PreparedRawEvent,
  onAcknowledgement: (ack: Acknowledgement) => void,
): Promise<void> {
  const { raw, account } = prepared;
  let failure = prepared.failure;
  if (account) {
    for (const step of prepared.steps) {
      try {
        await inSavepoint(tx, (stepTx) =>
          applyInboundStep(deps, stepTx, account, step, raw.received_at, onAcknowledgement),
        );
      } catch (error) {
        if (error instanceof TransactionLostError) throw error.cause;
        failure = { error };
        break;
      }
    }
  }
  if (failure) return recordInboundFailure(deps, tx, raw, failure.error);
  await tx.db
    .updateTable('raw_events')
    .set({ status: 'done', last_error: null })
    .where('id', '=', raw.id)
    .execute();
}

/**
 * The adapter's `acknowledge` for a newly stored message (Telegram `answerCallbackQuery`). Best effort:
 * the message is already stored, so a failure is only logged — retrying the event would not repeat it.
 */
export async function acknowledge(
  deps: Pick<InboundDeps, 'adapters' | 'logger'>,
  account: ChannelAccount,
  ref: string,
): Promise<void> {
  const adapter = deps.adapters[account.kind];
  if (!adapter.acknowledge) return;
  try {
    await adapter.acknowledge(account.context, ref);
  } catch (error) {
    deps.logger.warn(
      { channelAccountId: account.id, err: error instanceof Error ? error.message : String(error) },
      'inbound acknowledgement failed',
    );
  }
}
