import type { ChannelAccountContext, InboundEvent } from '../channel-adapter.ts';
import { bouncedMessageFromRecipients, caseFromRecipients, caseFromSubject } from './email-addressing.ts';
import type { EmailConfig } from './email-config.ts';
import { emailEventKey } from './email-event-key.ts';
import type { ParsedEmail } from './parse-email.ts';

/**
 * What one received mail means for the core:
 * - a bounce (DSN, or a MAILER-DAEMON text) about one of our mails: that reply failed with the reason, and a
 *   hard bounce marks the address unreachable (F21) — correlated by the VERP recipient or the original
 *   Message-ID inside the report;
 * - otherwise a message from the sender, threaded by In-Reply-To/References, the reply token in the
 *   recipient address, or `[#case]` in the subject (F17), flagged when it is automatic (never auto-answered).
 */
export function toEmailEvents(
  account: ChannelAccountContext<EmailConfig>,
  mail: ParsedEmail,
  raw: Buffer,
): InboundEvent[] {
  const { config } = account;
  if (mail.bounce) {
    const original = bouncedMessageFromRecipients(config, mail.recipients) ?? mail.bounce.originalMessageId;
    const failed = mail.bounce.recipients.filter((r) => r.action === 'failed');
    if (mail.bounce.action !== 'failed' || original === null) {
      return [
        { type: 'ignored', reason: `delivery report (${mail.bounce.action}) not about a mail of ours` },
      ];
    }
    const reason = failed
      .map((r) => [r.status, r.diagnostic ?? `${r.address} rejected`].filter(Boolean).join(' '))
      .join('; ');
    return [
      {
        type: 'status',
        externalMessageId: original,
        status: 'failed',
        reason: `bounced: ${reason || 'the receiving server refused the mail'}`,
      },
      ...failed
        .filter((r) => r.status === null || r.status.startsWith('5'))
        .map((r) => ({
          type: 'reachability' as const,
          externalId: r.address.toLowerCase(),
          reachable: false,
          reason: `mail bounced: ${[r.status, r.diagnostic].filter(Boolean).join(' ')}`,
        })),
    ];
  }
  const sender = mail.replyTo ?? mail.from;
  if (!sender) return [{ type: 'ignored', reason: 'mail without a sender address' }];
  if (sender.address === config.address) return [{ type: 'ignored', reason: 'our own mail' }];
  const references = [...mail.inReplyTo, ...[...mail.references].reverse()];
  const caseId =
    caseFromRecipients(config, account.tokenKey, mail.recipients) ?? caseFromSubject(mail.subject);
  const text = mail.text.trim();
  const full = mail.fullText.trim();
  return [
    {
      type: 'message',
      externalMessageId: mail.messageId ?? emailEventKey(raw),
      identity: {
        externalId: sender.address,
        displayName: sender.name,
        contactPoints: [{ kind: 'email', value: sender.address, attestedBy: null }],
      },
      text: mail.subject && text === '' ? mail.subject : text,
      media: [],
      edited: false,
      files: mail.attachments.map((a) => ({
        bytes: a.bytes,
        filename: a.filename,
        contentType: a.contentType,
      })),
      subject: mail.subject || null,
      thread: { references: [...new Set(references)], caseId },
      automated: mail.automated,
      fullText: full !== text ? full : null,
    },
  ];
}
