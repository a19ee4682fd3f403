import {
  startTelegramFake,
  startViberFake,
  startWhatsAppFake,
  type TelegramFake,
  type ViberFake,
  type WhatsAppFake,
} from '@frontline/fakes';

type TelegramFakeOptions = NonNullable<Parameters<typeof startTelegramFake>[0]>;
type WhatsAppFakeOptions = NonNullable<Parameters<typeof startWhatsAppFake>[0]>;

/** Webhook retries fast enough for a test (the providers' real back-off is minutes). */
const fastWebhook = { initialRetryMs: 20, maxRetryMs: 100 };

/**
 * A Telegram Bot API fake with one bot and the given users, no flood limits and fast webhook retries.
 * `options` override the fake's defaults (e.g. flood limits for a pacing test).
 */
export async function startTelegram(spec: {
  botToken: string;
  username?: string;
  users?: Array<{ id: number; firstName: string; lastName?: string }>;
  options?: TelegramFakeOptions;
}): Promise<TelegramFake> {
  const fake = await startTelegramFake({
    flood: { perChat: null, global: null },
    webhook: fastWebhook,
    ...spec.options,
  });
  fake.state.addBot({ token: spec.botToken, ...(spec.username ? { username: spec.username } : {}) });
  for (const user of spec.users ?? []) fake.state.addUser(user);
  return fake;
}

/** A WhatsApp Cloud API fake for one business number, with fast webhook retries. */
export function startWhatsApp(spec: {
  accessToken: string;
  appSecret: string;
  phoneNumberId: string;
  options?: WhatsAppFakeOptions;
}): Promise<WhatsAppFake> {
  const { options, ...identity } = spec;
  return startWhatsAppFake({ ...identity, webhook: fastWebhook, ...options });
}

/** A Viber Bot API fake with one bot, retrying callbacks fast. */
export async function startViber(spec: { authToken: string; name?: string }): Promise<ViberFake> {
  const fake = await startViberFake({ webhook: { retryDelayMs: 20, maxAttempts: 5 } });
  fake.state.addBot({ authToken: spec.authToken, name: spec.name ?? 'Support' });
  return fake;
}
