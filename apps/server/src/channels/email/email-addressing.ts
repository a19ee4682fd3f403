import { createHmac, timingSafeEqual } from 'node:crypto';
import { mailDomainOf, type EmailConfig } from './email-config.ts';

/**
 * The addresses and ids Frontline puts on its mails, and how it reads them back:
 * - Message-ID `<fl-<message id>.a<account id>@domain>` (the same on a retried send);
 * - Reply-To `local+c<case id>.<signature>@domain`: a reply token that survives clients dropping headers;
 * - envelope sender (VERP) `local+bounce-<message id>.a<account id>.<signature>@domain`: a bounce names the
 *   mail it is about, and the signature binds that mail to the one recipient it was sent to;
 * - `[#<case id>]` in the subject.
 *
 * Both signatures are {@link signToken} under the account's token key.
 */
export function outboundMessageId(config: EmailConfig, accountId: number, messageId: number): string {
  return `<fl-${messageId}.a${accountId}@${mailDomainOf(config)}>`;
}

export function replyToAddress(config: EmailConfig, tokenKey: Buffer, caseId: number): string {
  const [local] = config.address.split('@');
  return `${local}+c${caseId}.${signToken(tokenKey, casePayload(caseId))}@${mailDomainOf(config)}`;
}

/**
 * The envelope sender of one outbound mail: bounces come back to it. `recipient` is the address the mail is
 * sent to; a delivery report only counts for that address (see {@link verifyBounceAddress}).
 *
 * @example bounceAddress(config, key, 3, 42, 'ann@customer.test') // 'support+bounce-42.a3.k2x9q0m4zt@example.com'
 */
export function bounceAddress(
  config: EmailConfig,
  tokenKey: Buffer,
  accountId: number,
  messageId: number,
  recipient: string,
): string {
  const [local] = config.address.split('@');
  const signature = signToken(tokenKey, bouncePayload(accountId, messageId, recipient));
  return `${local}+bounce-${messageId}.a${accountId}.${signature}@${mailDomainOf(config)}`;
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
    if (tokenMatches(tokenKey, casePayload(caseId), m[3] ?? '')) return caseId;
  }
  return null;
}

/** What the bounce address a delivery report was sent to proves. */
export type BounceVerdict =
  | {
      ok: true;
      /** The Message-ID of our mail that bounced (with angle brackets). */
      externalMessageId: string;
      /** The reported address that mail was sent to, lower-cased. */
      recipient: string;
    }
  | { ok: false; reason: string };

/**
 * Whether a delivery report is about a mail of this account, and for which of the addresses it reports.
 * A report counts only when it was sent to a signed bounce address of this account (`recipients`: To, Cc,
 * Delivered-To, RCPT TO…) and one of the `reported` addresses is the recipient that signature was made for.
 * The old unsigned form (`local+bounce-<id>.a<account>@…`) is refused: anyone can write it.
 *
 * @example verifyBounceAddress(config, key, 3, ['support+bounce-42.a3.k2x9q0m4zt@example.com'], ['ann@customer.test'])
 * // { ok: true, externalMessageId: '<fl-42.a3@example.com>', recipient: 'ann@customer.test' }
 */
export function verifyBounceAddress(
  config: EmailConfig,
  tokenKey: Buffer,
  accountId: number,
  recipients: readonly string[],
  reported: readonly string[],
): BounceVerdict {
  const [local] = config.address.split('@');
  let refusal = 'not sent to a bounce address of ours';
  for (const r of recipients) {
    const m = /^([^+@]+)\+bounce-(\d{1,15})\.a(\d{1,15})(?:\.([a-z0-9]{10}))?@/i.exec(r);
    if (!m || m[1]?.toLowerCase() !== local) continue;
    const messageId = Number(m[2]);
    if (Number(m[3]) !== accountId) {
      refusal = 'its bounce address belongs to another channel';
      continue;
    }
    const signature = m[4];
    if (signature === undefined) {
      refusal = 'its bounce address is unsigned (old form, not accepted)';
      continue;
    }
    const recipient = reported
      .map((address) => address.toLowerCase())
      .find((address) => tokenMatches(tokenKey, bouncePayload(accountId, messageId, address), signature));
    if (recipient !== undefined) {
      return { ok: true, externalMessageId: outboundMessageId(config, accountId, messageId), recipient };
    }
    refusal = 'its bounce address is not signed for any address it reports';
  }
  return { ok: false, reason: refusal };
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

function casePayload(caseId: number): string {
  return `case:${caseId}`;
}

function bouncePayload(accountId: number, messageId: number, recipient: string): string {
  return `bounce:${accountId}:${messageId}:${recipient.trim().toLowerCase()}`;
}

/**
 * The signature of a token we put into an address: HMAC-SHA256 under the account's key, 10 lower-case
 * letters and digits, so it survives servers that change the case of a local part.
 */
function signToken(key: Buffer, payload: string): string {
  return createHmac('sha256', key)
    .update(payload)
    .digest('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 10)
    .toLowerCase();
}

/** Constant-time check of a signature read back from an address (any case). */
function tokenMatches(key: Buffer, payload: string, given: string): boolean {
  const expected = Buffer.from(signToken(key, payload));
  const actual = Buffer.from(given.toLowerCase());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
