import type { ChannelAdapter } from '../channel-adapter.ts';
import { createSenderChecker, type DnsResolver } from './authenticate-sender.ts';
import { checkEmailAccount } from './check-email-account.ts';
import { EmailConfig } from './email-config.ts';
import { systemDnsResolver } from './email-dns-resolver.ts';
import { EmailSecrets } from './email-secrets.ts';
import { EmailSettings } from './email-settings.ts';
import { parseEmail } from './parse-email.ts';
import { closeSmtpTransports, sendEmail } from './send-email.ts';
import { startEmailReceiver } from './start-email-receiver.ts';
import { emailSender, toEmailEvents } from './to-email-events.ts';

/** What the e-mail adapter needs from outside; every field has a production default. */
export interface EmailAdapterDeps {
  /** The DNS the sender check asks (DKIM keys, DMARC records). Default: the system's resolvers. */
  resolver?: DnsResolver;
  /** How long the sender check of one mail may take in all, ms (default 8000; then it is unattested). */
  senderCheckTimeoutMs?: number;
}

/**
 * E-mail (docs/email.md): mail arrives through the platform's SMTP receiving server and/or an IMAP IDLE
 * mailbox, is stored raw once per Message-ID and parsed afterwards (mailparser: charsets, RFC 2047/2231),
 * threaded by References / reply token / `[#case]`, quotes stripped, automatic mail flagged, bounces
 * turned into failed deliveries and unreachable addresses. Replies go out over SMTP (nodemailer) with
 * our Message-ID, In-Reply-To/References and a VERP envelope sender. The sender's address is an attested
 * contact point only when DMARC passes on a DKIM signature aligned with the `From` domain
 * (`authenticateSender`, through `deps.resolver`).
 *
 * @example await createEmailAdapter().connect({ id: 3, name: 'Support mail', config: { address: 'support@example.com', smtp: { host: 'smtp.example.com', port: 587 } }, secrets: { smtpPassword }, webhookUrl, tokenKey })
 */
export function createEmailAdapter(
  deps: EmailAdapterDeps = {},
): ChannelAdapter<EmailConfig, EmailSecrets, EmailSettings> {
  const timeoutMs = deps.senderCheckTimeoutMs ?? 8000;
  const resolver = deps.resolver ?? systemDnsResolver(Math.min(timeoutMs, 3000));
  const checkSender = createSenderChecker({ resolver, timeoutMs });
  return {
    kind: 'email',
    configSchema: EmailConfig,
    secretsSchema: EmailSecrets,
    settingsSchema: EmailSettings,
    capabilities: {
      text: true,
      attachments: true,
      maxTextLength: 100_000,
      typing: false,
      readReceipts: false,
      deliveryReceipts: false,
      buttons: false,
      threading: true,
      customerStream: false,
    },
    // Mail providers throttle per connection and per sender (Gmail, M365 answer 421/451): stay modest.
    // Mail servers keep retrying for days (4–5 is usual); a re-sent mail carries the same Message-ID, but
    // not every client folds copies, so it counts as not idempotent.
    delivery: { giveUpAfterMs: 5 * 24 * 60 * 60_000, idempotent: false },
    rateLimits: { perAccount: { perSecond: 10, burst: 20 }, perRecipient: { perSecond: 1, burst: 5 } },

    async connect(account) {
      return checkEmailAccount(account);
    },
    async disconnect(account) {
      closeSmtpTransports(account.id);
    },
    async health(account) {
      return checkEmailAccount(account);
    },
    async send(account, message) {
      return sendEmail(account, message);
    },
    autoAcknowledgement(account) {
      return account.config.autoAcknowledgement ?? null;
    },
    // Mail never arrives as a webhook: `parse` reads the stored mail the receiver accepted.
    // The sender check runs here, not in the receiver: SMTP and IMAP mail alike, on the bytes as stored.
    async parse(account, request) {
      const raw = request.rawBody;
      const mail = await parseEmail(raw);
      const sender = emailSender(account, mail);
      const check = sender ? await checkSender(account.id, raw, sender.address) : null;
      return toEmailEvents(account, mail, raw, check);
    },
    receiver: { start: startEmailReceiver },
  };
}
