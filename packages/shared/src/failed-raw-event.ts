import { z } from 'zod';

/**
 * A provider event (webhook body, received mail, polled review) that could not be processed for good:
 * shown on the Channels screen with its reason, to be processed again once the cause is fixed.
 */
export const FailedRawEventView = z.object({
  id: z.number().int(),
  channelId: z.number().int(),
  channelKind: z.string(),
  channelName: z.string(),
  /** The provider's idempotency key (Telegram update id, Message-ID …). */
  eventKey: z.string(),
  receivedAt: z.string(),
  failedAt: z.string().nullable(),
  attempts: z.number().int(),
  /** Stable code of the reason (`MALFORMED`, a channel error code …). */
  errorCode: z.string(),
  /** The reason in words. */
  error: z.string(),
});
export type FailedRawEventView = z.infer<typeof FailedRawEventView>;

export const FailedRawEventList = z.object({
  items: z.array(FailedRawEventView),
  /** All failed events, also beyond the `items` shown (newest first). */
  total: z.number().int(),
});
export type FailedRawEventList = z.infer<typeof FailedRawEventList>;
