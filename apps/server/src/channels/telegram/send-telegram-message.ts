import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import { readOutboundAttachment } from '../read-outbound-attachment.ts';
import type { OutboundMessage, SendResult } from '../channel-adapter.ts';
import { callTelegramApi, type TelegramApiTarget, type TelegramCallResult } from './call-telegram-api.ts';
import { escapeTelegramHtml } from './escape-telegram-html.ts';
import { splitMessageText } from '../split-message-text.ts';
import { toTelegramChannelError } from './to-telegram-channel-error.ts';
import { telegramReplyMarkup, type TelegramReplyMarkup } from './telegram-reply-markup.ts';

const MB = 1024 * 1024;
const maxTextLength = 4096;
const maxCaptionLength = 1024;
/** A flood wait this short after a part was already delivered is waited out here, so a retry does not repeat that part. */
const maxInlineWaitMs = 5000;

const SentMessage = z.object({ message_id: z.number().int(), chat: z.object({ id: z.number().int() }) });

type Attachment = OutboundMessage['attachments'][number];

/** One Bot API message of an outbound message: a text part, or a file (with the caption). */
type Step =
  | { kind: 'text'; part: string; markup: TelegramReplyMarkup | null }
  | { kind: 'file'; attachment: Attachment; caption: string | null; markup: TelegramReplyMarkup | null };

/**
 * Delivers one outbound message: text as HTML-escaped `sendMessage` parts of ≤ 4096 characters; files always
 * uploaded as multipart, never by URL (failure mode F12, docs/channels.md): photos via `sendPhoto`,
 * `audio/ogg` via `sendVoice`, everything else via `sendDocument` (failure mode F13, docs/channels.md). The
 * text becomes the first file's caption when it fits (≤ 1024).
 * Quick-reply buttons go as an inline keyboard (`reply_markup`, one button per row) on the last text part,
 * which is then sent after the files, so the question with its buttons comes last; a phone request's
 * contact keyboard (or its removal) rides the same way (`telegramReplyMarkup`).
 * Returns `<chat id>:<message id>` of the last message Telegram created.
 */
export async function sendTelegramMessage(
  target: TelegramApiTarget,
  message: OutboundMessage,
): Promise<SendResult> {
  const chatId = toChatId(message.recipientExternalId);
  const keyboard = telegramReplyMarkup(message);
  const asCaption =
    keyboard === null &&
    message.attachments.length > 0 &&
    message.text.length > 0 &&
    message.text.length <= maxCaptionLength;
  const textParts =
    message.text.length > 0 && !asCaption ? splitMessageText(message.text, maxTextLength) : [];
  const texts: Step[] = textParts.map((part, index) => ({
    kind: 'text',
    part,
    markup: keyboard !== null && index === textParts.length - 1 ? keyboard : null,
  }));
  const files: Step[] = message.attachments.map((attachment, index) => ({
    kind: 'file',
    attachment,
    caption: index === 0 && asCaption ? message.text : null,
    // Buttons without text ride on the last file.
    markup:
      keyboard !== null && textParts.length === 0 && index === message.attachments.length - 1
        ? keyboard
        : null,
  }));
  let last: string | null = null;
  for (const step of keyboard === null ? [...texts, ...files] : [...files, ...texts]) {
    const alreadySent = last !== null;
    const markup = step.markup === null ? {} : { reply_markup: step.markup };
    if (step.kind === 'file') {
      last = await sendFile(target, chatId, step.attachment, {
        ...step,
        alreadySent,
        signal: message.signal,
      });
      continue;
    }
    const { part } = step;
    last = await deliver(target, 'sendMessage', { alreadySent, signal: message.signal }, (html) =>
      html
        ? { chat_id: chatId, text: escapeTelegramHtml(part), parse_mode: 'HTML', ...markup }
        : { chat_id: chatId, text: part, ...markup },
    );
  }
  if (last === null) {
    throw new ChannelError(
      'TELEGRAM_BAD_REQUEST',
      'nothing to send: the message has no text and no attachments',
      {
        retryable: false,
      },
    );
  }
  return { externalId: last };
}

async function sendFile(
  target: TelegramApiTarget,
  chatId: number | string,
  attachment: Attachment,
  options: {
    caption: string | null;
    markup: TelegramReplyMarkup | null;
    alreadySent: boolean;
    signal: AbortSignal | undefined;
  },
): Promise<string> {
  const { caption, markup, alreadySent, signal } = options;
  const bytes = await readOutboundAttachment(attachment, {
    name: 'Telegram',
    codePrefix: 'TELEGRAM',
    maxMb: 50,
  });
  const method = methodFor(attachment, bytes.length);
  const field = { sendPhoto: 'photo', sendVoice: 'voice', sendDocument: 'document' }[method];
  const blob = new Blob([new Uint8Array(bytes)], { type: attachment.contentType });
  const form = (html: boolean) => {
    const data = new FormData();
    data.set('chat_id', String(chatId));
    if (caption !== null) {
      data.set('caption', html ? escapeTelegramHtml(caption) : caption);
      if (html) data.set('parse_mode', 'HTML');
    }
    if (markup !== null) data.set('reply_markup', JSON.stringify(markup));
    data.set(field, blob, attachment.filename);
    return data;
  };
  return deliver(target, method, { alreadySent, signal }, form);
}

/**
 * Telegram renders jpeg/png/webp ≤ 10 MB as photos; OGG as voice notes; anything else goes as a file
 * (failure mode F13, docs/channels.md).
 */
function methodFor(attachment: Attachment, size: number): 'sendPhoto' | 'sendVoice' | 'sendDocument' {
  const type = attachment.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (['image/jpeg', 'image/png', 'image/webp'].includes(type) && size <= 10 * MB) return 'sendPhoto';
  if (type === 'audio/ogg') return 'sendVoice';
  return 'sendDocument';
}

/**
 * Calls a send method; falls back to plain text once on "can't parse entities"; waits out a short flood wait
 * when earlier parts of this message were already delivered (a retry of the whole message would repeat them).
 */
async function deliver(
  target: TelegramApiTarget,
  method: string,
  call: { alreadySent: boolean; signal: AbortSignal | undefined },
  body: (html: boolean) => Record<string, unknown> | FormData,
): Promise<string> {
  const { alreadySent, signal } = call;
  let html = true;
  for (let attempt = 0; ; attempt++) {
    const answer: TelegramCallResult = await callTelegramApi(target, method, body(html), { signal });
    if (answer.ok) {
      const sent = SentMessage.safeParse(answer.result);
      if (!sent.success) {
        throw new ChannelError('TELEGRAM_UNAVAILABLE', `Telegram answered ${method} without a message`, {
          retryable: true,
        });
      }
      return `${sent.data.chat.id}:${sent.data.message_id}`;
    }
    if (answer.errorCode === 400 && html && /can't parse entities/i.test(answer.description)) {
      html = false;
      continue;
    }
    const error = toTelegramChannelError(answer, method);
    const waitMs = error.retryAfterMs ?? Infinity;
    if (error.code === 'TELEGRAM_RATE_LIMITED' && alreadySent && waitMs <= maxInlineWaitMs && attempt < 3) {
      await sleep(waitMs, undefined, { signal });
      continue;
    }
    throw error;
  }
}

/** Numeric chat ids go as numbers (as Telegram's own clients do), `@channel` names as strings. */
function toChatId(recipient: string): number | string {
  const id = Number(recipient);
  return /^-?\d+$/.test(recipient) && Number.isSafeInteger(id) ? id : recipient;
}
