/** A button of an inline keyboard as the Bot API sends and echoes it. */
export interface TelegramInlineButton {
  text: string;
  callback_data?: string | undefined;
}

/** `reply_markup` of a message with quick-reply buttons. */
export interface TelegramInlineKeyboard {
  inline_keyboard: TelegramInlineButton[][];
}

/** Telegram's limit for `callback_data`, in UTF-8 bytes. */
const maxCallbackDataBytes = 64;
const callbackDataPattern = /^fl:(\d+):([\s\S]*)$/;

/**
 * The inline keyboard for quick-reply labels: one button per row, `callback_data` = `fl:<index>:<label>`
 * cut to Telegram's 64 bytes on a code point boundary (the index keeps two labels with the same beginning
 * apart). The full label is recovered from the keyboard Telegram echoes with the tap (see
 * `labelOfTelegramButton`).
 *
 * @example toTelegramInlineKeyboard(['Да', 'Нет']) // { inline_keyboard: [[{ text: 'Да', callback_data: 'fl:0:Да' }], [{ text: 'Нет', callback_data: 'fl:1:Нет' }]] }
 */
export function toTelegramInlineKeyboard(labels: string[]): TelegramInlineKeyboard {
  return {
    inline_keyboard: labels.map((text, index) => [{ text, callback_data: callbackDataOf(index, text) }]),
  };
}

/**
 * The text of the tapped button: its label from the keyboard echoed with the `callback_query` (the whole
 * label, however long), else the label kept in our own `callback_data` (possibly cut), else the raw data
 * (a keyboard Frontline did not send).
 *
 * @example labelOfTelegramButton('fl:1:Нет', undefined) // 'Нет'
 */
export function labelOfTelegramButton(data: string, keyboard: TelegramInlineKeyboard | undefined): string {
  const button = keyboard?.inline_keyboard.flat().find((b) => b.callback_data === data);
  if (button) return button.text;
  return callbackDataPattern.exec(data)?.[2] ?? data;
}

function callbackDataOf(index: number, label: string): string {
  let data = `fl:${index}:`;
  let bytes = Buffer.byteLength(data);
  for (const char of label) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxCallbackDataBytes) break;
    data += char;
  }
  return data;
}
