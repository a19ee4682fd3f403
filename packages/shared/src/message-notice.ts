import { z } from 'zod';

/**
 * What the server itself says inside a customer's message (a shared phone number, a sticker, a location, a
 * content type it cannot show …), kept structured so the workspace renders it in the operator's language.
 * The message's `text` also carries the English line of each notice (`noticeText`), in place, as the plain-text
 * fallback for the widget, exports and older clients.
 */
export const MessageNotice = z.discriminatedUnion('code', [
  /** The customer shared their own phone number (attested by the provider). */
  z.object({ code: z.literal('phone_shared'), phone: z.string() }),
  /** A contact card (someone's name and phone numbers), not an attested number. */
  z.object({ code: z.literal('contact'), name: z.string(), phones: z.array(z.string()) }),
  /** A sticker: its emoji or provider id when known. */
  z.object({ code: z.literal('sticker'), label: z.string().nullable() }),
  /** A location, with the place's name/address when given. */
  z.object({
    code: z.literal('location'),
    latitude: z.number(),
    longitude: z.number(),
    place: z.string().nullable(),
  }),
  /** A reaction to an earlier message. */
  z.object({ code: z.literal('reaction'), emoji: z.string() }),
  /** A form (WhatsApp Flow) was submitted without a summary text. */
  z.object({ code: z.literal('form_submitted') }),
  /** An interactive reply of a kind without a title. */
  z.object({ code: z.literal('interactive_reply'), kind: z.string() }),
  /** The provider did not pass the message on (`reason`: the provider's explanation, if any). */
  z.object({ code: z.literal('not_passed_on'), channel: z.string(), reason: z.string().nullable() }),
  /** A message type Frontline cannot show. */
  z.object({ code: z.literal('unsupported_type'), channel: z.string(), type: z.string() }),
  /** A file that could not be kept (too large, refused type, provider error): `error` is its code. */
  z.object({
    code: z.literal('attachment_failed'),
    filename: z.string(),
    error: z.string(),
    reason: z.string(),
  }),
]);
export type MessageNotice = z.infer<typeof MessageNotice>;
export type MessageNoticeCode = MessageNotice['code'];

const channelNames: Record<string, string> = {
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  viber: 'Viber',
  email: 'e-mail',
  webchat: 'web chat',
  google_play: 'Google Play',
};

/** The provider's display name for a channel kind in the English fallback. */
export function channelDisplayName(kind: string): string {
  return channelNames[kind] ?? kind;
}

/**
 * The English plain-text line of a notice, as stored in the message's `text`.
 * @example noticeText({ code: 'phone_shared', phone: '+79001234567' }) // → 'Shared their phone number: +79001234567'
 */
export function noticeText(notice: MessageNotice): string {
  switch (notice.code) {
    case 'phone_shared':
      return `Shared their phone number: ${notice.phone}`;
    case 'contact':
      return `Contact: ${[notice.name, ...notice.phones].filter(Boolean).join(' ')}`;
    case 'sticker':
      return notice.label ? `[sticker ${notice.label}]` : '[sticker]';
    case 'location': {
      const at = `${notice.latitude}, ${notice.longitude}`;
      return notice.place ? `📍 ${notice.place} (${at})` : `📍 ${at}`;
    }
    case 'reaction':
      return `reacted ${notice.emoji} to a message`;
    case 'form_submitted':
      return 'Submitted a form';
    case 'interactive_reply':
      return `[interactive reply: ${notice.kind}]`;
    case 'not_passed_on':
      return `⚠️ The customer sent a message ${channelDisplayName(notice.channel)} does not pass on${notice.reason ? ` (${notice.reason})` : ''}`;
    case 'unsupported_type':
      return `⚠️ The customer sent a ${channelDisplayName(notice.channel)} message of type "${notice.type}" that Frontline cannot show`;
    case 'attachment_failed':
      return `📎 ${notice.filename}: ${notice.reason}`;
  }
}
