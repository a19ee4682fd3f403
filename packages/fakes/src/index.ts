export { startTelegramFake, type TelegramFake } from './telegram/start-telegram-fake.ts';
export {
  TelegramFakeState,
  type TelegramFakeOptions,
  type TelegramUpdate,
  type RecordedApiRequest,
  type FloodLimits,
  type WebhookTiming,
  type TransportFault,
} from './telegram/telegram-fake-state.ts';
export { telegramUpdates, type FakeUser } from './telegram/telegram-updates.ts';
export * from './whatsapp/index.ts';
export * from './viber/index.ts';
export { startMailSink, type MailSink, type ReceivedMail } from './mail/start-mail-sink.ts';
export * from './google-play/index.ts';
