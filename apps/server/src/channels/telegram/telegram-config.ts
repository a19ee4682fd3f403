import { z } from 'zod';

/** Non-secret settings of a Telegram account. `apiRoot` points tests (and self-hosted Bot API servers) elsewhere. */
export const TelegramConfig = z.object({
  apiRoot: z.url().default('https://api.telegram.org'),
});
export type TelegramConfig = z.infer<typeof TelegramConfig>;
