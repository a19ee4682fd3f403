import { z } from 'zod';

/**
 * The platform settings the e-mail channel needs (from `SMTP_PORT`, `SMTP_HOST`, `MAIL_MAX_BYTES`, read in
 * config.ts): only the e-mail receiver gets them.
 */
export const EmailSettings = z.object({
  /** Port of the platform's SMTP receiving server (MX or forwarding target); absent: not started. */
  smtpPort: z.number().int().min(1).max(65535).optional(),
  smtpHost: z.string().min(1),
  /** Largest accepted inbound mail, bytes (bigger: SMTP 552). */
  maxMailBytes: z.number().int().min(1024),
});
export type EmailSettings = z.infer<typeof EmailSettings>;
