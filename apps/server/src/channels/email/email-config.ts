import { z } from 'zod';

/**
 * Non-secret settings of an e-mail channel (a support mailbox). Mail comes in through the platform's SMTP
 * receiving server (`SMTP_PORT`, addressed to `address` or `address+tag`) and/or an IMAP mailbox read with
 * IDLE; replies go out through `smtp`.
 */
export const EmailConfig = z.object({
  /** The support address customers write to, e.g. `support@example.com`. */
  address: z.email().transform((a) => a.toLowerCase()),
  displayName: z.string().trim().min(1).max(100).default('Support'),
  /** Domain of our Message-IDs and bounce (VERP) addresses; default: the address's domain. */
  domain: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'a domain name like support.example.com')
    .optional(),
  /** Subject of a reply when the customer's message had none (e.g. the case began in a chat). */
  defaultSubject: z.string().trim().min(1).max(200).default('Support request'),
  /**
   * Automatic answer to a new case ("we received your request #{case}"), sent with `Auto-Submitted` and
   * never to automatic mail. Absent: none.
   */
  autoAcknowledgement: z.string().trim().min(1).max(5000).optional(),
  smtp: z.object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().min(1).optional(),
  }),
  imap: z
    .object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(993),
      secure: z.boolean().default(true),
      user: z.string().min(1),
      mailbox: z.string().min(1).default('INBOX'),
      /** The first sync of a mailbox reads mail of this many days only. */
      initialSyncDays: z.number().int().min(0).max(365).default(7),
    })
    .optional(),
});
export type EmailConfig = z.infer<typeof EmailConfig>;

/** The domain our ids and bounce addresses use. */
export function mailDomainOf(config: EmailConfig): string {
  return config.domain ?? config.address.split('@')[1] ?? 'localhost';
}
