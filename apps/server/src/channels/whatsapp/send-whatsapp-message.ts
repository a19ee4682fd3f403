import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import { readOutboundAttachment } from '../read-outbound-attachment.ts';
import type { OutboundMessage, SendResult } from '../channel-adapter.ts';
// The generic splitter lives with Telegram for now (same 4096-unit limit, same rules).
import { splitMessageText } from '../split-message-text.ts';
import { callGraphApi, type GraphTarget } from './call-graph-api.ts';
import { toWhatsAppChannelError } from './to-whatsapp-channel-error.ts';
import { toWhatsAppInteractive, whatsappInteractiveLimits } from './to-whatsapp-interactive.ts';

const MB = 1024 * 1024;
const maxTextLength = 4096;
const maxCaptionLength = 1024;
/** A pair-rate wait this short after a part was already delivered is waited out here (a retry would repeat that part). */
const maxInlineWaitMs = 6000;
/** The label of the button that opens a list of quick replies, unless the account sets `listButtonLabel`. */
const defaultListButtonLabel = 'Choose';

const SendAnswer = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const UploadAnswer = z.object({ id: z.string().min(1) });

type Attachment = OutboundMessage['attachments'][number];
type MediaKind = 'image' | 'audio' | 'document';
/** `to` for a phone number (wa_id), `recipient` for a business-scoped user id (BSUID, 2026). */
type Address = { to: string } | { recipient: string };

/**
 * Delivers one outbound message through `POST /{phone-number-id}/messages`: text in parts of ≤ 4096
 * characters; files uploaded first (`POST /{phone-number-id}/media`, multipart) and sent by media id —
 * JPEG/PNG ≤ 5 MB as `image`, OGG as `audio` (voice note), anything else as `document` with its filename.
 * The text becomes the first image/document's caption when it fits (≤ 1024). Returns the wamid of the last
 * message WhatsApp accepted (accepted ≠ delivered: statuses follow by webhook, possibly `failed` 131047).
 * Quick-reply buttons: see `sendWithButtons`.
 */
export async function sendWhatsAppMessage(
  target: GraphTarget,
  phoneNumberId: string,
  message: OutboundMessage,
  options: { listButtonLabel?: string | undefined } = {},
): Promise<SendResult> {
  const address = addressOf(message.recipientExternalId);
  // Every provider call of this message ends with the attempt's deadline.
  if (message.signal) target = { ...target, signal: message.signal };
  if (message.template) {
    // An approved template (the only thing allowed outside the 24-hour window); the text is its rendering.
    const { name, language, params } = message.template;
    const wamid = await deliver(target, phoneNumberId, false, {
      ...address,
      type: 'template',
      template: {
        name,
        language: { code: language },
        ...(params.length === 0
          ? {}
          : { components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] }),
      },
    });
    return { externalId: wamid };
  }
  if (message.buttons && message.buttons.length > 0) {
    const listLabel = options.listButtonLabel ?? defaultListButtonLabel;
    return sendWithButtons(target, phoneNumberId, address, message, { labels: message.buttons, listLabel });
  }
  const first = message.attachments[0];
  const asCaption =
    first !== undefined &&
    kindOf(first) !== 'audio' &&
    message.text.length > 0 &&
    message.text.length <= maxCaptionLength;
  const textParts =
    message.text.length > 0 && !asCaption ? splitMessageText(message.text, maxTextLength) : [];
  let last: string | null = null;

  for (const part of textParts) {
    last = await deliver(target, phoneNumberId, last !== null, {
      ...address,
      type: 'text',
      text: { preview_url: false, body: part },
    });
  }
  for (const [index, attachment] of message.attachments.entries()) {
    const caption = index === 0 && asCaption ? message.text : null;
    last = await sendFile(target, phoneNumberId, address, attachment, caption, last !== null);
  }
  if (last === null) {
    throw new ChannelError(
      'WHATSAPP_BAD_REQUEST',
      'nothing to send: the message has no text and no attachments',
      {
        retryable: false,
      },
    );
  }
  return { externalId: last };
}

/**
 * A reply with quick-reply buttons: files first (without caption), then the text, its last ≤ 1024
 * characters (WhatsApp's limit for an interactive body) as an interactive message with the buttons
 * (`toWhatsAppInteractive`: reply buttons, or a list when they do not fit). Labels are checked before
 * anything is sent, so a refusal sends nothing.
 */
async function sendWithButtons(
  target: GraphTarget,
  phoneNumberId: string,
  address: Address,
  message: OutboundMessage,
  buttons: { labels: string[]; listLabel: string },
): Promise<SendResult> {
  if (message.text.trim() === '') {
    throw new ChannelError('WHATSAPP_BAD_REQUEST', 'WhatsApp buttons need a text to go with them', {
      retryable: false,
    });
  }
  const { head, body } = splitOffTail(message.text, whatsappInteractiveLimits.maxBodyLength);
  const parts = head === '' ? [] : splitMessageText(head, maxTextLength);
  const interactive = toWhatsAppInteractive(body, buttons.labels, buttons.listLabel);
  let last: string | null = null;
  for (const attachment of message.attachments) {
    last = await sendFile(target, phoneNumberId, address, attachment, null, last !== null);
  }
  for (const part of parts) {
    last = await deliver(target, phoneNumberId, last !== null, {
      ...address,
      type: 'text',
      text: { preview_url: false, body: part },
    });
  }
  const wamid = await deliver(target, phoneNumberId, last !== null, {
    ...address,
    type: 'interactive',
    interactive,
  });
  return { externalId: wamid };
}

/**
 * Splits off the last ≤ `limit` characters of `text` (the interactive body), preferring a newline, then a
 * space, in the first half of that window (the separator is dropped); never splits a surrogate pair.
 */
function splitOffTail(text: string, limit: number): { head: string; body: string } {
  if (text.length <= limit) return { head: '', body: text };
  let start = text.length - limit;
  const window = text.slice(start);
  let cut = window.indexOf('\n');
  if (cut < 0 || cut > limit / 2) cut = window.indexOf(' ');
  if (cut >= 0 && cut <= limit / 2)
    return { head: text.slice(0, start + cut), body: text.slice(start + cut + 1) };
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  return { head: text.slice(0, start), body: text.slice(start) };
}

async function sendFile(
  target: GraphTarget,
  phoneNumberId: string,
  address: Address,
  attachment: Attachment,
  caption: string | null,
  alreadySent: boolean,
): Promise<string> {
  const kind = kindOf(attachment);
  const mediaId = await upload(target, phoneNumberId, attachment);
  const content: Record<string, string> = { id: mediaId };
  if (caption !== null) content.caption = caption;
  if (kind === 'document') content.filename = attachment.filename;
  return deliver(target, phoneNumberId, alreadySent, { ...address, type: kind, [kind]: content });
}

function addressOf(recipient: string): Address {
  if (/^\+?\d{7,15}$/.test(recipient)) return { to: recipient.replace(/^\+/, '') };
  if (/^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/.test(recipient)) return { recipient };
  throw new ChannelError(
    'WHATSAPP_BAD_REQUEST',
    `"${recipient}" is neither a WhatsApp number nor a business-scoped user id`,
    { retryable: false },
  );
}

function kindOf(attachment: Attachment): MediaKind {
  const type = attachment.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if ((type === 'image/jpeg' || type === 'image/png') && attachment.size <= 5 * MB) return 'image';
  if (type === 'audio/ogg' && attachment.size <= 16 * MB) return 'audio';
  return 'document';
}

async function upload(target: GraphTarget, phoneNumberId: string, attachment: Attachment): Promise<string> {
  const bytes = await readOutboundAttachment(attachment, {
    name: 'WhatsApp',
    codePrefix: 'WHATSAPP',
    maxMb: 100,
  });
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', attachment.contentType);
  form.set('file', new Blob([new Uint8Array(bytes)], { type: attachment.contentType }), attachment.filename);
  const answer = await callGraphApi(target, `${phoneNumberId}/media`, { form, timeoutMs: 120_000 });
  if (!answer.ok) throw toWhatsAppChannelError(answer, `media upload of ${attachment.filename}`);
  const uploaded = UploadAnswer.safeParse(answer.body);
  if (!uploaded.success) {
    throw new ChannelError('WHATSAPP_UNAVAILABLE', 'WhatsApp answered the media upload without an id', {
      retryable: true,
    });
  }
  return uploaded.data.id;
}

/**
 * Posts one message; when earlier parts of this message were already accepted, waits out a short pair-rate
 * limit here (a retry of the whole message would repeat them).
 */
async function deliver(
  target: GraphTarget,
  phoneNumberId: string,
  alreadySent: boolean,
  content: Record<string, unknown>,
): Promise<string> {
  const body = { messaging_product: 'whatsapp', recipient_type: 'individual', ...content };
  for (let attempt = 0; ; attempt++) {
    const answer = await callGraphApi(target, `${phoneNumberId}/messages`, { json: body });
    if (answer.ok) {
      const sent = SendAnswer.safeParse(answer.body);
      if (!sent.success) {
        throw new ChannelError(
          'WHATSAPP_UNAVAILABLE',
          'WhatsApp accepted a message without returning its id',
          {
            retryable: true,
          },
        );
      }
      return sent.data.messages[0]?.id ?? '';
    }
    const error = toWhatsAppChannelError(answer, 'send');
    const waitMs = error.retryAfterMs ?? Infinity;
    if (error.code === 'WHATSAPP_RATE_LIMITED' && alreadySent && waitMs <= maxInlineWaitMs && attempt < 2) {
      await sleep(waitMs, undefined, { signal: target.signal });
      continue;
    }
    throw error;
  }
}
