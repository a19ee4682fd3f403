import type { OutboundMessage } from '../channel-adapter.ts';
import { toTelegramInlineKeyboard, type TelegramInlineKeyboard } from './to-telegram-inline-keyboard.ts';

/** A reply keyboard with one button that sends the customer's own contact card (private chats only). */
export interface TelegramContactKeyboard {
  keyboard: Array<Array<{ text: string; request_contact: true }>>;
  one_time_keyboard: true;
  resize_keyboard: true;
}

/** `reply_markup` of an outbound message: quick replies, a phone request, or taking that keyboard away. */
export type TelegramReplyMarkup =
  TelegramInlineKeyboard | TelegramContactKeyboard | { remove_keyboard: true };

/**
 * The `reply_markup` an outbound message needs, or null: its quick-reply buttons as an inline keyboard; a
 * phone request as a reply keyboard of one `request_contact` button, hidden once pressed
 * (`one_time_keyboard`) — the card it sends is the customer's own, so its `user_id` is theirs and the parser
 * attests the number; after a phone request, `remove_keyboard` so the button does not stay around.
 *
 * @example telegramReplyMarkup({ …message, phoneRequest: { label: 'Share' } }) // { keyboard: [[{ text: 'Share', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true }
 */
export function telegramReplyMarkup(message: OutboundMessage): TelegramReplyMarkup | null {
  if (message.buttons && message.buttons.length > 0) return toTelegramInlineKeyboard(message.buttons);
  if (message.phoneRequest) {
    return {
      keyboard: [[{ text: message.phoneRequest.label, request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  }
  if (message.endsPhoneRequest) return { remove_keyboard: true };
  return null;
}
