import { isUtf8 } from 'node:buffer';
import type { Kysely } from 'kysely';
import type { InboundEvent } from '../../channels/channel-adapter.ts';
import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import type { InboundDeps } from './inbound-deps.ts';
import { prepareStep } from './prepare-raw-event.ts';
import type { Acknowledgement, PreparedStep } from './prepared-raw-event.ts';
import { inSavepoint, TransactionLostError } from '../../store/in-savepoint.ts';
import { applyInboundStep } from './apply-inbound-step.ts';
import { recordInboundFailure } from './record-inbound-failure.ts';
import { acknowledge } from './settle-raw-events.ts';
import { prepare } from '../../store/prepared.ts';
import type { Database } from '../../store/schema.ts';

// The statements every pushed event runs, built and compiled once (store/prepared.ts).
const insertRawEvent = prepare(
  (
    db: Kysely<Database>,
    channelAccountId: number,
    eventKey: string,
    body: string,
    encoding: 'utf8' | 'base64',
    now: string,
  ) =>
    db
      .insertInto('raw_events')
      .values({
        channel_account_id: channelAccountId,
        event_key: eventKey,
        body,
        body_encoding: encoding,
        received_at: now,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
      })
      .onConflict((oc) => oc.columns(['channel_account_id', 'event_key']).doNothing())
      .returning(['id', 'channel_account_id', 'body', 'body_encoding', 'attempts', 'received_at']),
);
const earlierPending = prepare((db: Kysely<Database>, channelAccountId: number, id: number) =>
  db
    .selectFrom('raw_events')
    .select('id')
    .where('channel_account_id', '=', channelAccountId)
    .where('status', '=', 'pending')
    .where('id', '<', id)
    .limit(1),
);
const markDone = prepare((db: Kysely<Database>, id: number) =>
  db.updateTable('raw_events').set({ status: 'done' }).where('id', '=', id),
);

/**
 * What became of an accepted raw event: applied in the same commit that stored it (`applied`), left for the
 * inbound processor (`queued`), or a redelivery of one already stored (`duplicate`).
 */
export type Accepted = 'applied' | 'queued' | 'duplicate';

/**
 * Store a verified webhook (or a received mail, a polled review) once — a redelivery with the same key
 * is a no-op. Bytes that are not UTF-8 (8-bit mail) are kept exactly, as base64.
 *
 * A pushed message that needs nothing from the network (a messenger's text: no media to fetch) is applied in the very write unit that stores it — one commit instead of two, so the
 * operator sees it as soon as the provider is answered (docs/architecture.md, "How an inbound message travels"). It is
 * applied as the processor would apply it, and only when no earlier event of the same account is still
 * pending, so a chat's order never changes. If any of its steps fails (the case core refuses it, a conflict),
 * nothing of it stays: it is left pending for the processor, which tries it again at once, in order,
 * with its retries. Everything else is stored pending for the processor, as before.
 */
export async function acceptRawEvent(
  deps: InboundDeps,
  channelAccountId: number,
  eventKey: string,
  rawBody: Buffer,
  options: { apply: boolean } = { apply: true },
): Promise<Accepted> {
  const now = deps.clock.now().toISOString();
  const utf8 = isUtf8(rawBody);
  const inline = utf8 && options.apply ? await prepareInline(deps, channelAccountId, rawBody) : null;
  const acknowledgements: Acknowledgement[] = [];
  const accepted = await deps.store.write(async (tx): Promise<Accepted> => {
    const encoding = utf8 ? 'utf8' : 'base64';
    const [stored] = await insertRawEvent.run(
      tx.db,
      channelAccountId,
      eventKey,
      rawBody.toString(encoding),
      encoding,
      now,
    );
    if (!stored) return 'duplicate';
    if (!inline) return 'queued';
    const [earlier] = await earlierPending.run(tx.db, channelAccountId, stored.id);
    if (earlier) return 'queued';
    // A body that does not parse is recorded as the processor would record it (it was parsed once).
    if ('parseError' in inline) {
      await recordInboundFailure(deps, tx, stored, inline.parseError);
      return 'applied';
    }
    try {
      await inSavepoint(tx, async (stepTx) => {
        for (const step of inline.steps)
          await applyInboundStep(deps, stepTx, inline.account, step, stored.received_at, (ack) =>
            acknowledgements.push(ack),
          );
      });
    } catch (error) {
      if (error instanceof TransactionLostError) throw error.cause;
      // Any step that fails (the case core refuses it, a conflict) takes the whole event back to the
      // processor, untouched and due now: it is tried again there in order, with the processor's retries.
      return 'queued';
    }
    await markDone.run(tx.db, stored.id);
    return 'applied';
  });
  // Best effort and after the commit, as the processor does; the provider's answer does not wait for it.
  for (const { account, ref } of acknowledgements) void acknowledge(deps, account, ref);
  return accepted;
}

/**
 * The account and prepared steps of a pushed message that needs no network to prepare, or why it does not
 * parse (recorded on the raw event as the processor would: parsed once); null for anything else (a status,
 * media to fetch, files to store, an account that takes no webhooks, a step that cannot be prepared).
 */
async function prepareInline(
  deps: InboundDeps,
  channelAccountId: number,
  rawBody: Buffer,
): Promise<{ account: ChannelAccount; steps: PreparedStep[] } | { parseError: unknown } | null> {
  const account = deps.channels.find(channelAccountId);
  const adapter = account ? deps.adapters[account.kind] : undefined;
  if (!account || !adapter?.webhook || !adapter.parse) return null;
  let events: InboundEvent[];
  try {
    events = await adapter.parse(account.context, { rawBody, headers: {} });
  } catch (error) {
    return { parseError: error };
  }
  // Only messages without files: a provider's statuses race the send results they report on (failure mode
  // F5, docs/channels.md) and keep going through the processor, in order with its retries.
  if (events.some((e) => e.type !== 'message' || e.media.length > 0 || (e.files?.length ?? 0) > 0))
    return null;
  const steps: PreparedStep[] = [];
  try {
    for (const event of events) steps.push(await prepareStep(deps, account, event));
  } catch {
    // The processor prepares it again and records why, with its retries.
    return null;
  }
  return { account, steps };
}
