import type { MessageNotice } from '@frontline/shared';
import type { InboundEvent, SenderCheck } from '../channel-adapter.ts';
import type { EmailAccount } from './email-account.ts';
import { caseFromRecipients, caseFromSubject, verifyBounceAddress } from './email-addressing.ts';
import { emailEventKey } from './email-event-key.ts';
import { invitationSummary } from './invitation-summary.ts';
import type { DeliveryReport, MailAddress, ParsedEmail } from './parse-email.ts';

/**
 * Who the customer of a mail is — the `Reply-To`, else the `From`; a list mail's author (its `From`, since its
 * `Reply-To` is the list, or who the list's rewritten `From` stands for) — or null for a bounce, a mail
 * without a sender, or our own mail.
 */
export function emailSender(account: EmailAccount, mail: ParsedEmail): MailAddress | null {
  const sender = mail.bounce ? null : senderOf(mail);
  return sender && sender.address !== account.config.address ? sender : null;
}

function senderOf(mail: ParsedEmail): MailAddress | null {
  // A list's Reply-To is the list: the customer is the author.
  return mail.mailingList !== null
    ? (mail.listAuthor ?? mail.from ?? mail.replyTo)
    : (mail.replyTo ?? mail.from);
}

/**
 * What one received mail means for the core:
 * - a bounce (DSN, or a MAILER-DAEMON text) about one of our mails: that reply failed with the reason, and a
 *   hard bounce marks the address unreachable — only when the report came to the signed VERP address of that
 *   mail and reports the very address the mail was sent to (see `bounceEvents`);
 * - otherwise a message from the sender (the `Reply-To`, else the `From`; a list mail's author: its `From`,
 *   since its `Reply-To` is the list, or who the list's rewritten `From` stands for), with one summary line per calendar invitation it carries, threaded by In-Reply-To/References, the reply token in the
 *   recipient address, or `[#case]` in the subject (failure mode F17, docs/channels.md), flagged when it is
 *   automatic (never auto-answered). The sender's address is attested (`dmarc`) only when `senderCheck`
 *   (`authenticateSender` of that very address) says so; a bare `From` is a claim.
 */
export function toEmailEvents(
  account: EmailAccount,
  mail: ParsedEmail,
  raw: Buffer,
  senderCheck: SenderCheck | null = null,
): InboundEvent[] {
  if (mail.bounce) return bounceEvents(account, mail.bounce, mail.recipients);
  const sender = senderOf(mail);
  if (!sender) return [{ type: 'ignored', reason: 'mail without a sender address' }];
  if (sender.address === account.config.address) return [{ type: 'ignored', reason: 'our own mail' }];
  const attestedBy = senderCheck?.result === 'attested' ? 'dmarc' : null;
  const references = [...mail.inReplyTo, ...[...mail.references].reverse()];
  const caseId =
    caseFromRecipients(account.config, account.tokenKey, mail.recipients) ?? caseFromSubject(mail.subject);
  const notices: MessageNotice[] = [];
  const summaries = mail.invitations.map((invitation) => invitationSummary(invitation, notices));
  const text = [mail.text.trim(), ...summaries].filter((t) => t !== '').join('\n');
  const full = [mail.fullText.trim(), ...summaries].filter((t) => t !== '').join('\n');
  return [
    {
      type: 'message',
      externalMessageId: mail.messageId ?? emailEventKey(raw),
      identity: {
        externalId: sender.address,
        displayName: sender.name,
        contactPoints: [{ kind: 'email', value: sender.address, attestedBy }],
      },
      text: mail.subject && text === '' ? mail.subject : text,
      media: [],
      ...(notices.length > 0 ? { notices } : {}),
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
      ...(senderCheck ? { senderCheck } : {}),
    },
  ];
}

/** Why a delivery report was not applied: the `ignored` event carries it, nothing else happens. */
function ignoredReport(why: string): InboundEvent[] {
  return [{ type: 'ignored', reason: `delivery report ignored: ${why}` }];
}

/**
 * A delivery report becomes a failed reply and an unreachable address only when it proves it is about our
 * mail: sent to a signed bounce address of this account, for the address that mail went to (the report's
 * `Original-Recipient`, else its `Final-Recipient`). Anything else — unsigned (also the old unsigned form),
 * forged, for another address, only delayed — is ignored and never fails anything.
 */
function bounceEvents(
  account: EmailAccount,
  report: DeliveryReport,
  recipients: readonly string[],
): InboundEvent[] {
  const verdict = verifyBounceAddress(
    account.config,
    account.tokenKey,
    account.id,
    recipients,
    report.recipients.map((r) => r.address),
  );
  if (!verdict.ok) return ignoredReport(verdict.reason);
  const ours = report.recipients.filter((r) => r.address.toLowerCase() === verdict.recipient);
  const failed = ours.filter((r) => r.action === 'failed');
  if (failed.length === 0) {
    return ignoredReport(`${ours[0]?.action ?? report.action}, not a failure`);
  }
  const reason = failed
    .map((r) => [r.status, r.diagnostic ?? `${r.address} rejected`].filter(Boolean).join(' '))
    .join('; ');
  const hard = failed.find((r) => r.status === null || r.status.startsWith('5'));
  // The address first: once the reply shows as failed, the customer card already says why.
  return [
    ...(hard
      ? [
          {
            type: 'reachability' as const,
            externalId: verdict.recipient,
            reachable: false,
            reason: `mail bounced: ${[hard.status, hard.diagnostic].filter(Boolean).join(' ')}`,
          },
        ]
      : []),
    {
      type: 'status',
      externalMessageId: verdict.externalMessageId,
      status: 'failed',
      reason: `bounced: ${reason || 'the receiving server refused the mail'}`,
    },
  ];
}
