import type { Transporter } from 'nodemailer';
import type { OutboundMessage, SendResult } from '../channel-adapter.ts';
import type { EmailAccount } from './email-account.ts';
import { bounceAddress, outboundMessageId, replyToAddress } from './email-addressing.ts';
import type { EmailConfig } from './email-config.ts';
import { toEmailChannelError } from './to-email-channel-error.ts';

const transports = new Map<string, Transporter>();

/**
 * One pooled SMTP transport per account and settings (a changed password gets a new one). nodemailer is
 * loaded with the first transport, not at start-up.
 */
export async function smtpTransportFor(account: EmailAccount): Promise<Transporter> {
  const { smtp } = account.config;
  const password = account.secrets.smtpPassword;
  const key = JSON.stringify([account.id, smtp, password ?? null]);
  const existing = transports.get(key);
  if (existing) return existing;
  const { createTransport } = await import('nodemailer');
  let transport = transports.get(key);
  if (!transport) {
    transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      ...(smtp.user && password ? { auth: { user: smtp.user, pass: password } } : {}),
    });
    transports.set(key, transport);
  }
  return transport;
}

/** Close every pooled SMTP connection (the platform stops). */
export function closeAllSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

/** Close every pooled transport of an account (disconnect, settings changed). */
export function closeSmtpTransports(accountId: number): void {
  for (const [key, transport] of transports) {
    if (key.startsWith(`[${accountId},`)) {
      transport.close();
      transports.delete(key);
    }
  }
}

/**
 * `Re: <subject of the message answered> [#case]` — the answered message's subject, not the first one
 * (failure mode F19, docs/channels.md).
 */
export function replySubject(config: EmailConfig, thread: OutboundMessage['thread'], own?: string): string {
  const tag = thread ? ` [#${thread.caseId}]` : '';
  // The operator's own subject, as written (only the case tag is kept at the end).
  const mine = (own ?? '').replace(/\s*\[#\d+\]\s*/g, ' ').trim();
  if (mine !== '') return `${mine}${tag}`;
  const base = (thread?.subject ?? '').replace(/\s*\[#\d+\]\s*/g, ' ').trim();
  if (base === '') return `${config.defaultSubject}${tag}`;
  return /^(re|ha|отв|aw|sv)\s*:/i.test(base) ? `${base}${tag}` : `Re: ${base}${tag}`;
}

/**
 * Send one reply over SMTP: our own Message-ID (the same on a retry), In-Reply-To/References of the
 * conversation, a Reply-To carrying the case token, a signed VERP envelope sender so a bounce names this mail
 * and the recipient it was sent to,
 * and `Auto-Submitted` on automatic mails so other robots do not answer them.
 */
export async function sendEmail(account: EmailAccount, message: OutboundMessage): Promise<SendResult> {
  const { config } = account;
  const messageId = outboundMessageId(config, account.id, message.messageId);
  const thread = message.thread;
  const references = thread ? thread.references.slice(-20) : [];
  try {
    await (
      await smtpTransportFor(account)
    ).sendMail({
      from: { name: config.displayName, address: config.address },
      to: message.recipientExternalId,
      ...(thread ? { replyTo: replyToAddress(config, account.tokenKey, thread.caseId) } : {}),
      ...(message.cc && message.cc.length > 0 ? { cc: message.cc } : {}),
      subject: replySubject(config, thread, message.subject),
      text: message.text,
      messageId,
      ...(thread?.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}),
      ...(references.length > 0 ? { references } : {}),
      envelope: {
        from: bounceAddress(
          config,
          account.tokenKey,
          account.id,
          message.messageId,
          message.recipientExternalId,
        ),
        // The copies are delivered too; their bounces name another address than the signed one, so they
        // fail nothing (the customer's own address decides the reply's fate).
        to:
          message.cc && message.cc.length > 0
            ? [message.recipientExternalId, ...message.cc]
            : message.recipientExternalId,
      },
      headers: message.automated
        ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' }
        : {},
      attachments: message.attachments.map((a) => ({
        filename: a.filename,
        path: a.path,
        contentType: a.contentType,
      })),
    });
  } catch (error) {
    throw toEmailChannelError(error);
  }
  return { externalId: messageId };
}
