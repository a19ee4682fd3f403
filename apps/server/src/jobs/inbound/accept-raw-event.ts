import { isUtf8 } from 'node:buffer';
import type { InboundDeps } from './inbound-deps.ts';

/**
 * Store a verified webhook (or a received mail, a polled review) once — a redelivery with the same key
 * is a no-op. Bytes that are not UTF-8 (8-bit mail) are kept exactly, as base64.
 */
export async function acceptRawEvent(
  deps: Pick<InboundDeps, 'store' | 'clock'>,
  channelAccountId: number,
  eventKey: string,
  rawBody: Buffer,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  const utf8 = isUtf8(rawBody);
  await deps.store.write(async ({ db }) => {
    await db
      .insertInto('raw_events')
      .values({
        channel_account_id: channelAccountId,
        event_key: eventKey,
        body: rawBody.toString(utf8 ? 'utf8' : 'base64'),
        body_encoding: utf8 ? 'utf8' : 'base64',
        received_at: now,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
      })
      .onConflict((oc) => oc.columns(['channel_account_id', 'event_key']).doNothing())
      .execute();
  });
}
