import { z } from 'zod';

// The parts of Bot API updates Frontline reads. Only what the parser uses is required (ids, the message's own
// content); everything else is optional, so an update that omits a field we never read (`file_unique_id`,
// `chat.type`, `first_name`, `date`, photo sizes …) is still taken. Unknown fields are tolerated (stripped).

const User = z.object({
  id: z.number().int(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  /** The IETF tag of the user's Telegram language (optional: bots only get it when the user set one). */
  language_code: z.string().optional().catch(undefined),
});

/** Without `type`, a positive id is a private chat (groups and channels have negative ids). */
const Chat = z.object({ id: z.number().int(), type: z.string().optional() });

const fileFields = {
  file_id: z.string().min(1),
  file_unique_id: z.string().min(1).optional(),
  file_size: z.number().int().optional(),
};

const PhotoSize = z.object({
  ...fileFields,
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});
const NamedFile = z.object({
  ...fileFields,
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
});
const Location = z.object({ latitude: z.number(), longitude: z.number() });

export const TelegramMessage = z.object({
  message_id: z.number().int(),
  from: User.optional(),
  chat: Chat,
  date: z.number().int().optional(),
  edit_date: z.number().int().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  media_group_id: z.string().optional(),
  photo: z.array(PhotoSize).optional(),
  document: NamedFile.optional(),
  voice: NamedFile.optional(),
  audio: NamedFile.optional(),
  video: NamedFile.optional(),
  video_note: z.object(fileFields).optional(),
  sticker: z.object({ ...fileFields, emoji: z.string().optional() }).optional(),
  location: Location.optional(),
  venue: z
    .object({ location: Location, title: z.string().optional(), address: z.string().optional() })
    .optional(),
  contact: z
    .object({
      phone_number: z.string(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      user_id: z.number().int().optional(),
    })
    .optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessage>;

const InlineKeyboard = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }))),
});

/** One webhook body. Only the update kinds Frontline subscribes to are described; others are ignored. */
export const TelegramUpdate = z.object({
  update_id: z.number().int().nonnegative(),
  message: TelegramMessage.optional(),
  edited_message: TelegramMessage.optional(),
  callback_query: z
    .object({
      id: z.string(),
      from: User,
      /** The message with the keyboard; Telegram echoes its `reply_markup` (absent if the message is too old). */
      message: z
        .object({ message_id: z.number().int(), chat: Chat, reply_markup: InlineKeyboard.optional() })
        .optional(),
      data: z.string().optional(),
    })
    .optional(),
  my_chat_member: z
    .object({
      chat: Chat,
      from: User,
      date: z.number().int().optional(),
      new_chat_member: z.object({ status: z.string() }),
    })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;
