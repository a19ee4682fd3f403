import { z } from 'zod';

/**
 * Non-secret settings of a Viber bot. `apiRoot` points tests at the fake; `senderName` (≤ 28 characters) and
 * `senderAvatar` are the `sender` of every message the bot sends.
 */
export const ViberConfig = z.object({
  apiRoot: z.url().default('https://chatapi.viber.com'),
  senderName: z.string().trim().min(1).max(28, 'Viber shows at most 28 characters of the sender name'),
  senderAvatar: z.url().optional(),
});
export type ViberConfig = z.infer<typeof ViberConfig>;
