import { z } from 'zod';

/**
 * Secret settings of a WhatsApp number: the (system user) access token for the Graph API, the Meta app secret
 * that signs webhooks (`X-Hub-Signature-256`), and our verify token for the `hub.challenge` handshake.
 */
export const WhatsAppSecrets = z.object({
  accessToken: z.string().regex(/^[A-Za-z0-9_|.-]{16,1024}$/, 'a Graph access token looks like EAAG…'),
  appSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, 'the app secret from the Meta app settings (App secret)'),
  verifyToken: z.string().regex(/^[\x21-\x7e]{8,256}$/, '8–256 printable characters without spaces'),
});
export type WhatsAppSecrets = z.infer<typeof WhatsAppSecrets>;
