import type { MessageNotice } from '@frontline/shared';
import type { InboundEvent, InboundIdentity, MediaRef } from '../channel-adapter.ts';
import { noticeLine } from '../notice-line.ts';
import { equivalentPhones } from '../../lib/equivalent-phones.ts';
import { normalizePhone } from '../../lib/normalize-phone.ts';
import { outsideWindowMessage } from './to-whatsapp-channel-error.ts';
import {
  WhatsAppChangeValue,
  WhatsAppContact,
  WhatsAppError,
  WhatsAppMessage,
  WhatsAppStatus,
  WhatsAppWebhook,
  type WhatsAppMedia,
} from './whatsapp-webhook-schema.ts';

/**
 * Operator-facing explanations of the async failure codes that need one (failure mode F6,
 * docs/channels.md).
 */
const failureHints: Record<number, string> = {
  131047: outsideWindowMessage,
  131026: 'the customer cannot receive it (not on WhatsApp, an old app, or they blocked the business)',
  131049: 'WhatsApp limits marketing messages to this customer: try later',
  131051: 'WhatsApp does not support this message type',
};

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

const mediaKinds = ['image', 'video', 'audio', 'voice', 'document', 'sticker'] as const;

/**
 * What one WhatsApp Cloud API webhook means (pure). Iterates every entry, change, message and status (Meta
 * batches them), skips changes for another phone number id, and drops a wamid repeated inside the same body.
 * The customer's id is `wa_id` (digits of their phone, attested by WhatsApp as a contact point) or, for a
 * username user without a phone number, the BSUID (`user_id`, e.g. `US.1349…`): `send` addresses a BSUID
 * with `recipient` instead of `to`. Throws on a body that is not a WhatsApp webhook.
 *
 * @example parseWhatsAppWebhook(JSON.parse(raw), { phoneNumberId: '106540352242922' }) // [{ type: 'message', … }]
 */
export function parseWhatsAppWebhook(body: unknown, options: { phoneNumberId: string }): InboundEvent[] {
  const webhook = WhatsAppWebhook.parse(body);
  if (webhook.object !== 'whatsapp_business_account')
    return [ignored('other_object', `webhook object ${webhook.object}`)];
  const events: InboundEvent[] = [];
  const seen = new Set<string>();
  for (const entry of webhook.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') {
        events.push(ignored('other_field', `webhook field ${change.field}`));
        continue;
      }
      const value = WhatsAppChangeValue.safeParse(change.value);
      if (!value.success) {
        events.push(ignored('unreadable', 'a messages change without a readable value'));
        continue;
      }
      const target = value.data.metadata?.phone_number_id;
      if (target !== undefined && target !== options.phoneNumberId) {
        events.push(ignored('other_number', `for phone number id ${target}, not this channel's`));
        continue;
      }
      const contacts = (value.data.contacts ?? []).flatMap((c) => {
        const parsed = WhatsAppContact.safeParse(c);
        return parsed.success ? [parsed.data] : [];
      });
      for (const item of value.data.messages ?? []) {
        const message = WhatsAppMessage.safeParse(item);
        if (!message.success) {
          events.push(ignored('unreadable', 'a message without an id or type'));
          continue;
        }
        if (seen.has(`m:${message.data.id}`)) continue;
        seen.add(`m:${message.data.id}`);
        events.push(messageEvent(message.data, contacts));
      }
      for (const item of value.data.statuses ?? []) {
        const status = WhatsAppStatus.safeParse(item);
        if (!status.success) {
          events.push(ignored('unreadable', 'a status without an id'));
          continue;
        }
        const key = `s:${status.data.id}:${status.data.status}`;
        if (seen.has(key)) continue;
        seen.add(key);
        events.push(statusEvent(status.data));
      }
      const errors = (value.data.errors ?? []).flatMap((e) => {
        const parsed = WhatsAppError.safeParse(e);
        return parsed.success ? [parsed.data] : [];
      });
      // Errors about the account or the webhook itself (not about one message): the admin sees them as health.
      if (errors.length > 0) {
        events.push({
          type: 'channel-problem',
          detail: `WhatsApp reported ${errors.map(describeError).join('; ')}`,
        });
      }
    }
  }
  return events.length > 0 ? events : [ignored('empty', 'webhook without messages or statuses')];
}

function statusEvent(status: WhatsAppStatus): InboundEvent {
  switch (status.status) {
    case 'sent':
    case 'delivered':
    case 'read':
      return { type: 'status', externalMessageId: status.id, status: status.status, reason: null };
    case 'played':
      // A voice message was played: it was read.
      return { type: 'status', externalMessageId: status.id, status: 'read', reason: null };
    case 'failed': {
      const reasons = (status.errors ?? []).map(describeError);
      return {
        type: 'status',
        externalMessageId: status.id,
        status: 'failed',
        reason:
          reasons.length > 0 ? reasons.join('; ') : 'WhatsApp reported the message failed without a reason',
      };
    }
    default:
      return ignored('status', `status ${status.status}`);
  }
}

/** `"<code>: <title> — <what it means or Meta's details>"`, e.g. `131047: Re-engagement message — more than 24 hours …`. */
function describeError(error: WhatsAppError): string {
  const title = error.title ?? error.message ?? 'error';
  const hint = failureHints[error.code] ?? error.error_data?.details;
  return `${error.code}: ${title}${hint && hint !== title ? ` — ${hint}` : ''}`;
}

function messageEvent(message: WhatsAppMessage, contacts: WhatsAppContact[]): InboundEvent {
  const identity = identityOf(message, contacts);
  if (identity === null) return ignored('no_sender', 'message without a sender (no wa_id and no user_id)');
  if (message.type === 'system') {
    const { system } = message;
    const moved = system ? identityMove(message, identity, system) : null;
    return moved ?? ignored('system', `system message ${system?.type ?? 'without a type'}`);
  }
  if (message.type === 'request_welcome')
    return ignored('request_welcome', 'the customer opened the chat (request_welcome)');
  if (message.type === 'reaction') {
    const emoji = message.reaction?.emoji ?? '';
    if (emoji === '') return ignored('reaction_removed', 'a reaction was removed');
    const reacted: MessageNotice[] = [];
    return textEvent(message, identity, noticeLine(reacted, { code: 'reaction', emoji }), [], reacted);
  }

  const lines: string[] = [];
  const notices: MessageNotice[] = [];
  const media: MediaRef[] = [];
  const body = message.text?.body;
  if (body) lines.push(body);
  for (const kind of mediaKinds) {
    const file = message[kind];
    if (!file) continue;
    if (file.caption) lines.push(file.caption);
    media.push(mediaRef(kind, file));
  }
  const { interactive, button, location, order, referral } = message;
  if (interactive) {
    const chosen = interactive.button_reply?.title ?? interactive.list_reply?.title;
    if (chosen !== undefined) lines.push(chosen);
    else if (interactive.nfm_reply) lines.push(formLines(interactive.nfm_reply, notices));
    else lines.push(noticeLine(notices, { code: 'interactive_reply', kind: interactive.type ?? 'unknown' }));
  }
  if (button) lines.push(button.text);
  if (order) lines.push(...orderLines(order, notices));
  if (location) {
    const place = [location.name, location.address].filter(Boolean).join(', ') || null;
    const { latitude, longitude } = location;
    lines.push(noticeLine(notices, { code: 'location', latitude, longitude, place }));
  }
  for (const card of message.contacts ?? []) {
    const phones = (card.phones ?? []).map((p) => p.phone).filter((p): p is string => Boolean(p));
    const name = card.name?.formatted_name ?? '';
    lines.push(noticeLine(notices, { code: 'contact', name, phones }));
  }
  if (message.type === 'unsupported' || message.errors) {
    const why = (message.errors ?? []).map(describeError).join('; ');
    lines.push(noticeLine(notices, { code: 'not_passed_on', channel: 'whatsapp', reason: why || null }));
  } else if (lines.length === 0 && media.length === 0) {
    lines.push(noticeLine(notices, { code: 'unsupported_type', channel: 'whatsapp', type: message.type }));
  }
  if (referral) {
    // Where a customer from a click-to-WhatsApp ad came from: `📣 From an ad: "Headline" — body (url)`.
    lines.push(
      noticeLine(notices, {
        code: 'referral',
        sourceType: referral.source_type ?? null,
        headline: referral.headline || null,
        body: referral.body || null,
        url: referral.source_url || null,
      }),
    );
  }
  return textEvent(message, identity, lines.join('\n'), media, notices);
}

/**
 * A catalog order: a notice with the catalog and each item (its English lines: `🛒 Order from catalog 1234
 * (2 items)`, `• 2 × SKU-1 — 10.5 EUR`, `Total: 26 EUR`), then the customer's note as their own text.
 */
function orderLines(order: NonNullable<WhatsAppMessage['order']>, notices: MessageNotice[]): string[] {
  const items = (order.product_items ?? []).map((item) => {
    const quantity = Number(item.quantity ?? 1);
    const price = item.item_price === undefined ? null : Number(item.item_price);
    return {
      productId: item.product_retailer_id ?? null,
      quantity: Number.isFinite(quantity) ? quantity : 1,
      price: price !== null && Number.isFinite(price) ? price : null,
      currency: item.currency || null,
    };
  });
  const lines = [noticeLine(notices, { code: 'order', catalogId: order.catalog_id || null, items })];
  if (order.text) lines.push(order.text);
  return lines;
}

/**
 * The customer's answers of a WhatsApp Flow as a notice, one `field: value` line each (the flow token left
 * out); without readable answers the reply's body, else a `form_submitted` notice.
 */
function formLines(
  reply: NonNullable<NonNullable<WhatsAppMessage['interactive']>['nfm_reply']>,
  notices: MessageNotice[],
): string {
  const answers = Object.entries(parseAnswers(reply.response_json) ?? {})
    .filter(([field]) => field !== 'flow_token')
    .map(([field, value]) => ({ field, value: answerText(value) }));
  if (answers.length > 0) return noticeLine(notices, { code: 'form_answers', answers });
  return reply.body ?? noticeLine(notices, { code: 'form_submitted' });
}

function parseAnswers(json: string | undefined): Record<string, unknown> | null {
  if (json === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? Object.fromEntries(Object.entries(parsed))
      : null;
  } catch {
    return null;
  }
}

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(answerText).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/**
 * `user_changed_number` (sent from the old number; `wa_id`, formerly `new_wa_id`, is the new one) and
 * `user_changed_user_id` (the BSUID changed): the identity moves to the new id, WhatsApp attests the new
 * number, and the operator gets a note. Null when the change does not concern the id we know them by.
 */
function identityMove(
  message: WhatsAppMessage,
  identity: InboundIdentity,
  system: NonNullable<WhatsAppMessage['system']>,
): InboundEvent | null {
  const byPhone = message.from !== undefined && identity.externalId === message.from;
  if (system.type === 'user_changed_number') {
    const newWaId = system.wa_id ?? system.new_wa_id;
    const newId = byPhone ? newWaId : (system.user_id ?? newWaId);
    if (newId === undefined || newId === identity.externalId) return null;
    const phone =
      newWaId !== undefined && /^\d+$/.test(newWaId) ? normalizePhone(newWaId, 'international') : null;
    return {
      type: 'identity-moved',
      externalId: identity.externalId,
      newExternalId: newId,
      ...(phone ? { contactPoints: [{ kind: 'phone' as const, value: phone, attestedBy: 'whatsapp' }] } : {}),
      note: {
        code: 'number_changed',
        channel: 'whatsapp',
        from: byPhone ? `+${identity.externalId}` : null,
        to: phone,
      },
    };
  }
  if (system.type === 'user_changed_user_id' && !byPhone) {
    const previous = system.previous_user_id ?? identity.externalId;
    if (system.user_id === undefined || system.user_id === previous) return null;
    return {
      type: 'identity-moved',
      externalId: previous,
      newExternalId: system.user_id,
      note: { code: 'account_id_changed', channel: 'whatsapp' },
    };
  }
  return null;
}

function textEvent(
  message: WhatsAppMessage,
  identity: InboundIdentity,
  text: string,
  media: MediaRef[],
  notices: MessageNotice[],
) {
  return {
    type: 'message' as const,
    externalMessageId: message.id,
    identity,
    text,
    media,
    ...(notices.length > 0 ? { notices } : {}),
    edited: false,
  };
}

function identityOf(message: WhatsAppMessage, contacts: WhatsAppContact[]): InboundIdentity | null {
  const contact =
    contacts.find(
      (c) =>
        (message.from !== undefined && c.wa_id === message.from) ||
        (message.from_user_id !== undefined && c.user_id === message.from_user_id),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const waId = message.from ?? contact?.wa_id;
  const externalId = waId ?? message.from_user_id ?? contact?.user_id;
  if (externalId === undefined || externalId === '') return null;
  const identity: InboundIdentity = {
    externalId,
    displayName: contact?.profile?.name || contact?.profile?.username || null,
    verifiedBy: null,
  };
  // wa_id is the number WhatsApp itself registered: an attested phone (may differ from the dialled form:
  // failure mode F7, docs/channels.md).
  const phone = waId !== undefined && /^\d+$/.test(waId) ? normalizePhone(waId, 'international') : null;
  if (phone !== null) {
    identity.contactPoints = [{ kind: 'phone', value: phone, attestedBy: 'whatsapp' }];
    // The same Brazilian customer may arrive as 12- or 13-digit wa_id; both are one identity (failure mode
    // F7, docs/channels.md).
    const aliases = equivalentPhones(phone).map((p) => p.slice(1));
    if (aliases.length > 0) identity.aliases = aliases;
  }
  return identity;
}

function mediaRef(kind: (typeof mediaKinds)[number], file: WhatsAppMedia): MediaRef {
  const contentType = file.mime_type ?? null;
  const base = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const voice = kind === 'voice' || (kind === 'audio' && file.voice === true);
  const ext = voice ? 'ogg' : (extensions[base] ?? 'bin');
  const name = voice ? 'voice' : kind;
  return {
    providerRef: file.id,
    filename: file.filename ?? `${name}-${file.id}.${ext}`,
    contentType,
    size: null,
  };
}

const ignored = (code: string, reason: string): InboundEvent => ({ type: 'ignored', reason, code });
