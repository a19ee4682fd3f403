import { z } from 'zod';
import { ChannelKind } from './channel-kind.ts';
import { ReplyWindow } from './domain.ts';

/**
 * Why a reply cannot go to an identity now (stable codes; the workspace shows a text for each):
 * - `reply_window_closed`: the channel's reply window is over (WhatsApp: 24 h after the customer's last
 *   message there): only an approved template can go out;
 * - `identity_unreachable`: a delivery failure marked the identity unreachable (blocked bot, hard bounce);
 * - `channel_disabled`: the channel account was disconnected;
 * - `channel_misconfigured`: its settings or secrets cannot be read;
 * - `channel_answers_only`: the channel only answers the customer's own last message there (a Google Play
 *   review has one public reply), it cannot start a reply the customer's latest message did not ask on it.
 */
export const ReplyChannelReason = z.enum([
  'reply_window_closed',
  'identity_unreachable',
  'channel_disabled',
  'channel_misconfigured',
  'channel_answers_only',
]);
export type ReplyChannelReason = z.infer<typeof ReplyChannelReason>;

/** One identity of the case's customer a reply can be sent to (`GET /cases/:id/reply-channels`). */
export const ReplyChannel = z.object({
  identityId: z.number().int(),
  channelKind: ChannelKind,
  channelAccountId: z.number().int(),
  /** The channel account's name (e.g. "Support bot"). */
  channelName: z.string(),
  /** How the customer is addressed there: the e-mail address, the phone, or the name/handle. */
  display: z.string(),
  /** A reply can go there now. */
  available: z.boolean(),
  /** Why not, when `available` is false. */
  reason: ReplyChannelReason.nullable(),
  /** What the provider said when it marked the identity unreachable (`identity_unreachable`). */
  detail: z.string().nullable(),
  replyWindow: ReplyWindow,
  /** The identity the customer wrote from last. */
  last: z.boolean(),
  /** Where a reply without `identityId` goes: the remembered choice while available, else `last`. */
  default: z.boolean(),
});
export type ReplyChannel = z.infer<typeof ReplyChannel>;
