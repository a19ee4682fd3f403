import type { TelegramUpdate } from './telegram-fake-state.ts';

/** A Telegram user as the builders need it. */
export interface FakeUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  /** The client's IETF language tag (`en` when absent; null leaves `language_code` out, as Telegram may). */
  languageCode?: string | null;
}

/** Options every message builder takes; ids default to increasing counters. */
export interface MessageOptions {
  from: FakeUser;
  updateId?: number;
  messageId?: number;
  /** Defaults to the user's private chat (chat id = user id). */
  chat?: { id: number; type: 'private' | 'group' | 'supergroup' | 'channel'; title?: string };
  date?: number;
}

let updateCounter = 900_000_000;
let messageCounter = 1364;

const nextUpdateId = () => (updateCounter += 1);
const nextMessageId = () => (messageCounter += 1);

function user(from: FakeUser): Record<string, unknown> {
  return {
    id: from.id,
    is_bot: false,
    first_name: from.firstName,
    ...(from.lastName === undefined ? {} : { last_name: from.lastName }),
    ...(from.username === undefined ? {} : { username: from.username }),
    ...(from.languageCode === null ? {} : { language_code: from.languageCode ?? 'en' }),
  };
}

function message(options: MessageOptions, content: Record<string, unknown>): Record<string, unknown> {
  const { from } = options;
  const chat = options.chat ?? {
    id: from.id,
    type: 'private',
    first_name: from.firstName,
    ...(from.lastName === undefined ? {} : { last_name: from.lastName }),
    ...(from.username === undefined ? {} : { username: from.username }),
  };
  return {
    message_id: options.messageId ?? nextMessageId(),
    from: user(from),
    chat,
    date: options.date ?? 1_763_900_000,
    ...content,
  };
}

function wrap(options: { updateId?: number }, key: string, value: unknown): TelegramUpdate {
  return { update_id: options.updateId ?? nextUpdateId(), [key]: value };
}

const fileIds = (id: string, size: number) => ({
  file_id: id,
  file_unique_id: `AgAD${id.slice(-6)}`,
  file_size: size,
});

/**
 * Builders of Bot API updates shaped like Telegram's (docs/channels.md: The fakes), for pushing through the fake.
 *
 * @example fake.state.pushUpdate(token, telegramUpdates.text({ from: ann, text: 'hello' }))
 */
export const telegramUpdates = {
  text(options: MessageOptions & { text: string }): TelegramUpdate {
    return wrap(options, 'message', message(options, { text: options.text }));
  },

  /** Three sizes (small → large), as Telegram sends them; `mediaGroupId` for albums (one update per photo). */
  photo(
    options: MessageOptions & { caption?: string; mediaGroupId?: string; fileIdPrefix?: string },
  ): TelegramUpdate {
    const prefix = options.fileIdPrefix ?? 'AgACAgIAAxkBAAIB';
    return wrap(
      options,
      'message',
      message(options, {
        ...(options.mediaGroupId === undefined ? {} : { media_group_id: options.mediaGroupId }),
        ...(options.caption === undefined ? {} : { caption: options.caption }),
        photo: [
          { ...fileIds(`${prefix}-small`, 1432), width: 90, height: 67 },
          { ...fileIds(`${prefix}-medium`, 21543), width: 320, height: 240 },
          { ...fileIds(`${prefix}-large`, 98765), width: 1280, height: 960 },
        ],
      }),
    );
  },

  document(
    options: MessageOptions & {
      fileId?: string;
      fileName?: string;
      mimeType?: string;
      size?: number;
      caption?: string;
    },
  ): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, {
        ...(options.caption === undefined ? {} : { caption: options.caption }),
        document: {
          file_name: options.fileName ?? 'invoice.pdf',
          mime_type: options.mimeType ?? 'application/pdf',
          ...fileIds(options.fileId ?? 'BQACAgIAAxkBAAIB-doc', options.size ?? 245_678),
        },
      }),
    );
  },

  voice(options: MessageOptions & { fileId?: string; size?: number }): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, {
        voice: {
          duration: 4,
          mime_type: 'audio/ogg',
          ...fileIds(options.fileId ?? 'AwACAgIAAxkBAAIB-voice', options.size ?? 9216),
        },
      }),
    );
  },

  audio(options: MessageOptions & { fileId?: string; fileName?: string }): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, {
        audio: {
          duration: 120,
          mime_type: 'audio/mpeg',
          ...(options.fileName === undefined ? {} : { file_name: options.fileName }),
          ...fileIds(options.fileId ?? 'CQACAgIAAxkBAAIB-audio', 1_234_567),
        },
      }),
    );
  },

  videoNote(options: MessageOptions & { fileId?: string }): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, {
        video_note: {
          duration: 7,
          length: 240,
          ...fileIds(options.fileId ?? 'DQACAgIAAxkBAAIB-vnote', 345_678),
        },
      }),
    );
  },

  sticker(options: MessageOptions & { emoji?: string }): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, {
        sticker: {
          width: 512,
          height: 512,
          emoji: options.emoji ?? '👍',
          type: 'regular',
          is_animated: false,
          is_video: false,
          ...fileIds('CAACAgIAAxkBAAIB-sticker', 23_456),
        },
      }),
    );
  },

  location(options: MessageOptions & { latitude: number; longitude: number }): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, { location: { latitude: options.latitude, longitude: options.longitude } }),
    );
  },

  /** `contactUserId`: the Telegram user the card belongs to (`null` = a card without `user_id`). */
  contact(
    options: MessageOptions & {
      phone: string;
      contactUserId: number | null;
      firstName?: string;
      lastName?: string;
    },
  ): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(options, {
        contact: {
          phone_number: options.phone,
          first_name: options.firstName ?? options.from.firstName,
          ...(options.lastName === undefined ? {} : { last_name: options.lastName }),
          ...(options.contactUserId === null ? {} : { user_id: options.contactUserId }),
        },
      }),
    );
  },

  editedText(
    options: MessageOptions & { messageId: number; text: string; editDate?: number },
  ): TelegramUpdate {
    return wrap(
      options,
      'edited_message',
      message(options, { edit_date: options.editDate ?? 1_763_900_100, text: options.text }),
    );
  },

  /**
   * A tap on an inline button. `message`: the bot's message carrying the keyboard, echoed as Telegram does
   * (with its `reply_markup`); by default a made-up "Pick one" message without a keyboard.
   */
  callbackQuery(
    options: MessageOptions & { callbackId?: string; data: string; message?: Record<string, unknown> },
  ): TelegramUpdate {
    return wrap(options, 'callback_query', {
      id: options.callbackId ?? `4382bfdwdsb323b2d${nextMessageId()}`,
      from: user(options.from),
      message: options.message ?? {
        ...message(options, { text: 'Pick one' }),
        from: { id: 7_000_000_001, is_bot: true, first_name: 'Bot' },
      },
      chat_instance: '-8390742380238450',
      data: options.data,
    });
  },

  /**
   * The customer taps the inline button labelled `text` under `message` (a message the bot sent, e.g.
   * `fake.state.lastSentMessage(token, chatId)`): the callback query carries that button's `callback_data`
   * and the whole message with its keyboard. Throws when the message has no such button.
   */
  buttonTap(
    options: Omit<MessageOptions, 'chat' | 'messageId'> & {
      message: Record<string, unknown>;
      text: string;
      callbackId?: string;
    },
  ): TelegramUpdate {
    const markup = options.message.reply_markup as
      { inline_keyboard?: Array<Array<{ text?: unknown; callback_data?: unknown }>> } | undefined;
    const button = markup?.inline_keyboard?.flat().find((b) => b.text === options.text);
    if (typeof button?.callback_data !== 'string') {
      throw new Error(`the message has no callback button "${options.text}"`);
    }
    return telegramUpdates.callbackQuery({ ...options, data: button.callback_data });
  },

  /** The user blocked (`kicked`) or unblocked/started (`member`) the bot. */
  myChatMember(options: MessageOptions & { status: 'kicked' | 'member'; botId?: number }): TelegramUpdate {
    const chat = options.chat ?? { id: options.from.id, type: 'private', first_name: options.from.firstName };
    const bot = { id: options.botId ?? 7_000_000_001, is_bot: true, first_name: 'Bot', username: 'fake_bot' };
    return wrap(options, 'my_chat_member', {
      chat,
      from: user(options.from),
      date: options.date ?? 1_763_900_200,
      old_chat_member: {
        user: bot,
        status: options.status === 'kicked' ? 'member' : 'kicked',
        ...(options.status === 'kicked' ? {} : { until_date: 0 }),
      },
      new_chat_member: {
        user: bot,
        status: options.status,
        ...(options.status === 'kicked' ? { until_date: 0 } : {}),
      },
    });
  },

  /** A message in a group (negative chat id). */
  groupText(options: Omit<MessageOptions, 'chat'> & { chatId?: number; text: string }): TelegramUpdate {
    return wrap(
      options,
      'message',
      message(
        {
          ...options,
          chat: { id: options.chatId ?? -1_001_234_567_890, type: 'supergroup', title: 'Support group' },
        },
        { text: options.text },
      ),
    );
  },

  /** An update type Frontline does not handle (default `message_reaction`). */
  unknown(
    options: { updateId?: number; type?: string; payload?: Record<string, unknown> } = {},
  ): TelegramUpdate {
    return wrap(
      options,
      options.type ?? 'message_reaction',
      options.payload ?? {
        chat: { id: 111_111_111, type: 'private' },
        message_id: 1365,
        user: { id: 111_111_111, is_bot: false, first_name: 'Ann' },
        date: 1_763_900_300,
        old_reaction: [],
        new_reaction: [{ type: 'emoji', emoji: '👍' }],
      },
    );
  },
};
