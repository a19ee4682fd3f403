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
  /** A catalog order (WhatsApp): the catalog and each item; the customer's note stays their own text. */
  z.object({
    code: z.literal('order'),
    catalogId: z.string().nullable(),
    items: z.array(
      z.object({
        productId: z.string().nullable(),
        quantity: z.number(),
        price: z.number().nullable(),
        currency: z.string().nullable(),
      }),
    ),
  }),
  /** Where the customer came from: a click-to-chat ad or post (`sourceType`: the provider's `ad`, `post` …). */
  z.object({
    code: z.literal('referral'),
    sourceType: z.string().nullable(),
    headline: z.string().nullable(),
    body: z.string().nullable(),
    url: z.string().nullable(),
  }),
  /** The customer's answers to a form (WhatsApp Flow): `field` is the form's own key (`full_name`). */
  z.object({
    code: z.literal('form_answers'),
    answers: z.array(z.object({ field: z.string(), value: z.string() })),
  }),
  /** The customer's number on the channel changed (`from`/`to`: the numbers when known). A note in the case. */
  z.object({
    code: z.literal('number_changed'),
    channel: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  /** The customer's account id on the channel changed; the conversation continues. A note in the case. */
  z.object({ code: z.literal('account_id_changed'), channel: z.string() }),
  /**
   * A calendar invitation carried by an e-mail (its `.ics` stays an attachment): the iTIP `method`
   * (`REQUEST`, `CANCEL` …), the event's title and start as written in the invitation.
   */
  z.object({
    code: z.literal('calendar_invitation'),
    method: z.string().nullable(),
    title: z.string().nullable(),
    start: z.string().nullable(),
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

type OrderItem = Extract<MessageNotice, { code: 'order' }>['items'][number];

/**
 * The sum of an order per currency (items without a price left out), rounded to cents, in the order the
 * currencies first appear; `currency` null when the items name none.
 * @example orderTotals([{ productId: 'A', quantity: 2, price: 1.5, currency: 'EUR' }]) // → [{ currency: 'EUR', sum: 3 }]
 */
export function orderTotals(items: readonly OrderItem[]): Array<{ currency: string | null; sum: number }> {
  const totals = new Map<string | null, number>();
  for (const item of items) {
    if (item.price === null) continue;
    totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.price * item.quantity);
  }
  return [...totals].map(([currency, sum]) => ({ currency, sum: Math.round(sum * 100) / 100 }));
}

/** `10.5 EUR`, or the bare amount without a currency. */
function amount(value: number, currency: string | null): string {
  return currency ? `${value} ${currency}` : String(value);
}

/** A form field's key as a label: `full_name` → `full name`. */
export function formFieldLabel(field: string): string {
  return field.replace(/_/g, ' ');
}

const invitationKinds: Record<string, string> = {
  REQUEST: 'Invitation',
  PUBLISH: 'Calendar event',
  CANCEL: 'Cancelled',
  REPLY: 'Calendar reply',
  COUNTER: 'New time proposed',
};

/**
 * The English plain-text line of a notice, as stored in the message's `text` (an order and a form's answers
 * take several lines, joined with `\n`).
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
    case 'order': {
      const n = notice.items.length;
      const catalog = notice.catalogId ? ` from catalog ${notice.catalogId}` : '';
      const lines = [`🛒 Order${catalog} (${n} ${n === 1 ? 'item' : 'items'})`];
      for (const item of notice.items) {
        const priced = item.price === null ? '' : ` — ${amount(item.price, item.currency)}`;
        lines.push(`• ${item.quantity} × ${item.productId ?? '?'}${priced}`);
      }
      const totals = orderTotals(notice.items);
      if (totals.length > 0) lines.push(`Total: ${totals.map((t) => amount(t.sum, t.currency)).join(' + ')}`);
      return lines.join('\n');
    }
    case 'referral': {
      const source = notice.sourceType === 'post' ? 'a post' : 'an ad';
      const headline = notice.headline ? ` "${notice.headline}"` : '';
      const body = notice.body ? ` — ${notice.body}` : '';
      const url = notice.url ? ` (${notice.url})` : '';
      return `📣 From ${source}:${headline}${body}${url}`;
    }
    case 'form_answers':
      return [
        '📝 Form answers:',
        ...notice.answers.map((a) => `${formFieldLabel(a.field)}: ${a.value}`),
      ].join('\n');
    case 'number_changed':
      return `Changed their ${channelDisplayName(notice.channel)} number from ${notice.from ?? 'their old number'} to ${notice.to ?? 'a new number'}`;
    case 'account_id_changed':
      return `Their ${channelDisplayName(notice.channel)} account id changed (the conversation continues)`;
    case 'calendar_invitation': {
      const kind = invitationKinds[notice.method ?? 'REQUEST'] ?? 'Calendar event';
      const parts = [notice.title ?? '(no title)', notice.start].filter((p) => p !== null);
      return `📅 ${kind}: ${parts.join(' — ')}`;
    }
  }
}
