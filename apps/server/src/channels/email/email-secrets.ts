import { z } from 'zod';

/** Passwords of the outgoing SMTP account and of the IMAP mailbox (write-only, encrypted at rest). */
export const EmailSecrets = z.object({
  smtpPassword: z.string().min(1).max(1000).optional(),
  imapPassword: z.string().min(1).max(1000).optional(),
});
export type EmailSecrets = z.infer<typeof EmailSecrets>;
