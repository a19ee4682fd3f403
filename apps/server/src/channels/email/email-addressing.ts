import { createHmac, timingSafeEqual } from 'node:crypto';
import { mailDomainOf, type EmailConfig } from './email-config.ts';

/**
 * The addresses and ids Frontline puts on its mails, and how it reads them back:
 * - Message-ID `<fl-<message id>.a<account id>@domain>` (the same on a retried send);
 * - Reply-To `local+c<case id>.<signature>@domain`: a reply token that survives clients dropping headers;
 * - envelope sender (VERP) `local+bounce-<message id>.a<account id>@domain`: bounces name the mail they are about;
 * - `[#<case id>]` in the subject.
 */
export function outboundMessageId(config: EmailConfig, accountId: number, messageId: number): string {
  return `<fl-${messageId}.a${accountId}@${mailDomainOf(config)}>`;
}

export function replyToAddress(config: EmailConfig, tokenKey: Buffer, caseId: number): string {
  const [local] = config.address.split('@');
  return `${local}+c${caseId}.${signCase(tokenKey, caseId)}@${mailDomainOf(config)}`;
}

export function bounceAddress(config: EmailConfig, accountId: number, messageId: number): string {
  const [local] = config.address.split('@');
  return `${local}+bounce-${messageId}.a${accountId}@${mailDomainOf(config)}`;
}

/** The case a reply token in one of the recipients names, if its signature is ours. */
export function caseFromRecipients(
  config: EmailConfig,
  tokenKey: Buffer,
  recipients: string[],
): number | null {
  const [local] = config.address.split('@');
  for (const r of recipients) {
    const m = /^([^+@]+)\+c(\d{1,15})\.([a-z0-9]{10})@/i.exec(r);
    if (!m || m[1]?.toLowerCase() !== local) continue;
    const caseId = Number(m[2]);
    const expected = Buffer.from(signCase(tokenKey, caseId));
    const given = Buffer.from((m[3] ?? '').toLowerCase());
    if (given.length === expected.length && timingSafeEqual(given, expected)) return caseId;
  }
  return null;
}

/** The Message-ID of our mail a bounce was sent back for, from the VERP recipient. */
export function bouncedMessageFromRecipients(config: EmailConfig, recipients: string[]): string | null {
  const [local] = config.address.split('@');
  for (const r of recipients) {
    const m = /^([^+@]+)\+bounce-(\d{1,15})\.a(\d{1,15})@/i.exec(r);
    if (m && m[1]?.toLowerCase() === local) return `<fl-${m[2]}.a${m[3]}@${mailDomainOf(config)}>`;
  }
  return null;
}

/** `[#42]` in a subject. */
export function caseFromSubject(subject: string): number | null {
  const m = /\[#(\d{1,15})\]/.exec(subject);
  return m ? Number(m[1]) : null;
}

/** Whether `address` reaches this channel: the address itself or a sub-address (`local+tag@domain`). */
export function isAddressedTo(config: EmailConfig, address: string): boolean {
  const [local, domain] = config.address.split('@');
  const m = /^([^+@]+)(\+[^@]*)?@(.+)$/.exec(address.toLowerCase());
  return m !== null && m[1] === local && (m[3] === domain || m[3] === mailDomainOf(config).toLowerCase());
}

function signCase(key: Buffer, caseId: number): string {
  return createHmac('sha256', key)
    .update(`case:${caseId}`)
    .digest('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 10)
    .toLowerCase();
}
