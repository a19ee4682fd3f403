import type { MessageNotice } from '@frontline/shared';
import type { InboundEvent, InboundIdentity, MediaRef } from '../channel-adapter.ts';
import { noticeLine } from '../notice-line.ts';
import { labelOfTelegramButton } from './to-telegram-inline-keyboard.ts';
import { TelegramUpdate, type TelegramMessage } from './telegram-update-schema.ts';
import { normalizePhone } from '../../lib/normalize-phone.ts';
import { primaryLanguage } from '../../lib/primary-language.ts';

type User = NonNullable<TelegramMessage['from']>;

/**
 * What one Telegram update means (pure). Private chats only; message ids are scoped by chat because
 * `message_id` is unique per chat only (failure mode F16, docs/channels.md). A shared phone number is
 * attested only when the contact card is the sender's own (`contact.user_id === from.id`). A tap on an
 * inline button is a message with the button's label, carrying the callback query id to answer. Throws on a
 * body that is not an update.
 *
 * @example parseTelegramUpdate(JSON.parse(body)) // [{ type: 'message', externalMessageId: '111:1365', … }]
 */
export function parseTelegramUpdate(body: unknown): InboundEvent[] {
  const update = TelegramUpdate.parse(body);
  if (update.message) return [messageEvent(update.message, false)];
  if (update.edited_message) return [messageEvent(update.edited_message, true)];
  if (update.callback_query) {
    const query = update.callback_query;
    if (query.message && !isPrivate(query.message.chat))
      return [ignored('group_chat', 'callback from a non-private chat')];
    if (query.data === undefined) return [ignored('no_content', 'callback query without data')];
    // A button tap: the customer "says" the button's label; answering the query stops its spinner.
    return [
      {
        type: 'message',
        externalMessageId: `cb:${query.id}`,
        identity: identityOf(query.from),
        text: labelOfTelegramButton(query.data, query.message?.reply_markup),
        media: [],
        edited: false,
        acknowledgeRef: query.id,
        ...languageOf(query.from),
      },
    ];
  }
  if (update.my_chat_member) {
    const change = update.my_chat_member;
    if (!isPrivate(change.chat))
      return [ignored('group_chat', `bot membership changed in a ${change.chat.type ?? 'group'} chat`)];
    const status = change.new_chat_member.status;
    if (status === 'kicked') {
      return [
        {
          type: 'reachability',
          externalId: String(change.from.id),
          reachable: false,
          reason: 'blocked the bot',
        },
      ];
    }
    if (status === 'member') {
      return [
        {
          type: 'reachability',
          externalId: String(change.from.id),
          reachable: true,
          reason: 'unblocked the bot',
        },
      ];
    }
    return [ignored('membership_status', `bot membership status ${status}`)];
  }
  const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
  const kind = keys.find((key) => key !== 'update_id') ?? 'empty';
  return [ignored('unsupported_update', `unsupported update type ${kind}`)];
}

function messageEvent(message: TelegramMessage, edited: boolean): InboundEvent {
  if (!isPrivate(message.chat))
    return ignored('group_chat', `message in a ${message.chat.type ?? 'group'} chat`);
  const from = message.from;
  if (!from) return ignored('no_sender', 'message without a sender');
  const identity = identityOf(from);
  const lines: string[] = [];
  const notices: MessageNotice[] = [];
  const body = message.text ?? message.caption;
  if (body) lines.push(body);
  if (message.sticker)
    lines.push(noticeLine(notices, { code: 'sticker', label: message.sticker.emoji || null }));
  if (message.venue) {
    const { venue } = message;
    const { latitude, longitude } = venue.location;
    const place = [venue.title, venue.address].filter(Boolean).join(', ') || null;
    lines.push(noticeLine(notices, { code: 'location', latitude, longitude, place }));
  } else if (message.location) {
    const { latitude, longitude } = message.location;
    lines.push(noticeLine(notices, { code: 'location', latitude, longitude, place: null }));
  }
  if (message.contact) {
    const { contact } = message;
    const phone = normalizePhone(contact.phone_number, 'international');
    if (contact.user_id !== undefined && contact.user_id === from.id && phone !== null) {
      identity.contactPoints = [{ kind: 'phone', value: phone, attestedBy: 'telegram-contact' }];
      lines.push(noticeLine(notices, { code: 'phone_shared', phone }));
    } else {
      const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
      lines.push(noticeLine(notices, { code: 'contact', name, phones: [contact.phone_number] }));
    }
  }
  const media = mediaOf(message);
  const text = lines.join('\n');
  if (text === '' && media.length === 0) return ignored('no_content', 'message without supported content');
  const id = `${message.chat.id}:${message.message_id}`;
  return {
    type: 'message',
    externalMessageId: edited ? `${id}:edit:${message.edit_date ?? message.date ?? 0}` : id,
    identity,
    text,
    media,
    ...(notices.length > 0 ? { notices } : {}),
    edited,
    ...languageOf(from),
  };
}

function mediaOf(message: TelegramMessage): MediaRef[] {
  const media: MediaRef[] = [];
  // A stable name part: `file_unique_id` when Telegram sends it, else the message's own id.
  const tag = (file: { file_unique_id?: string | undefined }) =>
    file.file_unique_id ?? `${message.chat.id}-${message.message_id}`;
  const ref = (
    file: { file_id: string; file_size?: number | undefined },
    filename: string,
    contentType: string | null,
  ) => media.push({ providerRef: file.file_id, filename, contentType, size: file.file_size ?? null });
  if (message.photo && message.photo.length > 0) {
    // Sizes come smallest first; pick by area (or bytes) when given, else the last one.
    const area = (p: (typeof message.photo)[number]) =>
      p.width !== undefined && p.height !== undefined ? p.width * p.height : (p.file_size ?? 0);
    const largest = message.photo.reduce((a, b) => (area(b) >= area(a) ? b : a));
    ref(largest, `photo-${tag(largest)}.jpg`, 'image/jpeg');
  }
  const { document, voice, audio, video, video_note: videoNote } = message;
  if (document) {
    ref(document, document.file_name ?? `document-${tag(document)}`, document.mime_type ?? null);
  }
  if (voice) ref(voice, `voice-${tag(voice)}.ogg`, voice.mime_type ?? 'audio/ogg');
  if (audio) ref(audio, audio.file_name ?? `audio-${tag(audio)}.mp3`, audio.mime_type ?? 'audio/mpeg');
  if (video) ref(video, video.file_name ?? `video-${tag(video)}.mp4`, video.mime_type ?? 'video/mp4');
  if (videoNote) ref(videoNote, `video-note-${tag(videoNote)}.mp4`, 'video/mp4');
  return media;
}

/** The sender's language, when their Telegram client says it. */
function languageOf(user: User): { language?: string } {
  const language = primaryLanguage(user.language_code);
  return language ? { language } : {};
}

function identityOf(user: User): InboundIdentity {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return { externalId: String(user.id), displayName: name || user.username || null, verifiedBy: null };
}

/** A private chat: `type` says so, or (when absent) the id is positive — groups and channels are negative. */
function isPrivate(chat: { id: number; type?: string | undefined }): boolean {
  return chat.type === undefined ? chat.id > 0 : chat.type === 'private';
}

const ignored = (code: string, reason: string): InboundEvent => ({ type: 'ignored', reason, code });
