import { z } from 'zod';

/** Every channel Frontline speaks. Adding one is a compile-time checklist: the registry must cover it. */
export const channelKinds = ['webchat', 'telegram', 'whatsapp', 'viber', 'email', 'google_play'] as const;
export const ChannelKind = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof ChannelKind>;

/** What a channel can do, as data: the UI and the core read this instead of branching on the kind. */
export const ChannelCapabilities = z.object({
  text: z.boolean(),
  attachments: z.boolean(),
  maxTextLength: z.number().int().positive(),
  typing: z.boolean(),
  readReceipts: z.boolean(),
  deliveryReceipts: z.boolean(),
  buttons: z.boolean(),
  /**
   * Free-form replies are allowed only this many hours after the customer's last message (WhatsApp: 24);
   * outside it only approved templates may be sent. Absent: no window.
   */
  replyWindowHours: z.number().positive().optional(),
  /** Replies carry the conversation's thread (subject, ids of the messages answered): e-mail. */
  threading: z.boolean().optional(),
  /**
   * An operator can ask the customer for their phone with a button that shares the customer's own,
   * provider-attested number (Telegram `request_contact`, Viber `share-phone`). Absent: the channel cannot.
   */
  requestPhone: z.boolean().optional(),
  /**
   * A reply only answers the customer's own last message on this channel (a Google Play review has one public
   * reply): the channel is offered for a reply only while the customer's latest message came on it.
   */
  answersOnly: z.boolean().optional(),
});
export type ChannelCapabilities = z.infer<typeof ChannelCapabilities>;
