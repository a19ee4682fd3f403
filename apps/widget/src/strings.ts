export type WidgetLocale = 'ru' | 'en';

const en = {
  title: 'Support chat',
  openChat: 'Open chat',
  close: 'Close chat',
  pickEntry: 'What is your question about?',
  greeting: 'Hello! How can we help you?',
  placeholder: 'Type a message…',
  send: 'Send',
  attach: 'Attach a file',
  removeFile: 'Remove file',
  uploading: 'Uploading…',
  typing: 'Operator is typing…',
  offline: 'No connection, reconnecting…',
  connectFailed: 'Could not connect to the chat.',
  identityInvalid: 'Could not confirm your account: reload the page or sign in again.',
  retry: 'Retry',
  sending: 'Sending',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent: tap to retry',
  operator: 'Operator',
  tooLarge: 'The file is larger than 10 MB.',
  badType: 'Only images, PDF and text files can be sent.',
  uploadFailed: 'Could not upload the file.',
  sendFailed: 'Could not send the message.',
};

export type Strings = typeof en;

const ru: Strings = {
  title: 'Чат поддержки',
  openChat: 'Открыть чат',
  close: 'Закрыть чат',
  pickEntry: 'Выберите тему обращения',
  greeting: 'Здравствуйте! Чем можем помочь?',
  placeholder: 'Напишите сообщение…',
  send: 'Отправить',
  attach: 'Прикрепить файл',
  removeFile: 'Убрать файл',
  uploading: 'Загрузка…',
  typing: 'Оператор печатает…',
  offline: 'Нет связи, переподключаемся…',
  connectFailed: 'Не удалось подключиться к чату.',
  identityInvalid: 'Не удалось подтвердить ваш аккаунт: обновите страницу или войдите снова.',
  retry: 'Повторить',
  sending: 'Отправляется',
  sent: 'Отправлено',
  read: 'Прочитано',
  failed: 'Не отправлено: нажмите, чтобы повторить',
  operator: 'Оператор',
  tooLarge: 'Файл больше 10 МБ.',
  badType: 'Можно отправлять изображения, PDF и текстовые файлы.',
  uploadFailed: 'Не удалось загрузить файл.',
  sendFailed: 'Не удалось отправить сообщение.',
};

/** The UI strings for a locale. */
export function getStrings(locale: WidgetLocale): Strings {
  return locale === 'ru' ? ru : en;
}
