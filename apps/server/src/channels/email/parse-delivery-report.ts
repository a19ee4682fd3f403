import type { DeliveryReport } from './parse-email.ts';

type Recipient = DeliveryReport['recipients'][number];

/** What a mail tells about being a delivery report: its type, sender, subject, text and machine parts. */
export interface DeliveryReportSource {
  /** Media type of the whole mail, lower-cased (`multipart/report`). */
  contentType: string;
  /** The `report-type` parameter of a `multipart/report`, lower-cased (`delivery-status`), else `null`. */
  reportType: string | null;
  /** The From address, lower-cased. */
  from: string | null;
  subject: string;
  /** The human-readable text of the mail. */
  text: string;
  /**
   * The addresses of `X-Failed-Recipients` (Exim, Gmail: permanent failures only), lower-cased; the recipients
   * when neither the machine part nor the text names any.
   */
  failedRecipients?: readonly string[];
  /**
   * The machine-readable parts, as mailparser returns them with `keepDeliveryStatus`:
   * `message/delivery-status` (or `message/global-delivery-status`) and the returned original
   * (`text/rfc822-headers`, `message/rfc822`, `message/global`, `message/global-headers`).
   */
  parts: ReadonlyArray<{ contentType: string; content: Buffer }>;
}

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_PARTS = new Set([
  'text/rfc822-headers',
  'message/global-headers',
  'message/rfc822',
  'message/global',
]);
/** The part types a delivery report carries for machines, never to be shown as attachments. */
export const DELIVERY_REPORT_PARTS: ReadonlySet<string> = new Set([
  ...STATUS_PARTS,
  ...ORIGINAL_PARTS,
  'message/disposition-notification',
  'message/global-disposition-notification',
]);

const BOUNCE_SENDER = /^(?:mailer-daemon|mail-daemon|postmaster|microsoftexchange[0-9a-f]*)@/;
const BOUNCE_SUBJECTS = [
  /undeliver(?:able|ed)/i,
  /delivery status notification/i,
  /(?:mail )?delivery (?:has )?(?:failed|failure|problem|delayed)/i,
  /returned mail/i,
  /failure notice/i,
  /warning: (?:message .* delayed|could not send)/i, // Exim / sendmail delay warnings
  /delayed mail/i,
  /(?:could|was) not be delivered/i,
  /недоставленное сообщение/i,
  /не удалось доставить/i,
  /(?:сообщение|письмо) не (?:было )?доставлено/i,
  /ошибка доставки/i,
];
/** Failure words win over delay words: the bounced mail's own subject may follow ("Undeliverable: Delayed order"). */
const FAILURE_SUBJECT =
  /undeliver|fail|returned|not be delivered|недостав|не удалось|не (?:было )?доставлено|ошибка/i;
const DELAY_SUBJECT = /delay|warning|задерж/i;
const ENHANCED_STATUS = /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?!\.?\d)/;
const SMTP_REPLY = /(?:^|said:|error:|#)\s*(?=[45]\d\d(?:[ -]|$))/i;
const ADDRESS_DELIMITERS = /[\s<>()[\]{},;:"'`]+/;
const ORIGINAL_COPY = /^[ \t>]*(?:-+ ?this is a copy of|return-path:|received:|message-id:|dkim-signature:)/i;
const QUOTED_MESSAGE_ID = /^[ \t>]*message-id:[ \t]*(<[^<>\s]+>)/im;
/** How many non-empty lines an address waits for its SMTP reply line before it is forgotten. */
const REPLY_WINDOW = 6;

/** `rfc822; Gone@Example.org` → `gone@example.org`. */
function typedAddress(value: string): string {
  const semicolon = value.indexOf(';');
  return value
    .slice(semicolon + 1)
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase();
}

/** `smtp; 550 5.1.1 user unknown` → `550 5.1.1 user unknown`. */
function withoutType(value: string): string {
  return value.replace(/^[a-z][a-z0-9-]*;\s*/i, '').trim();
}

/** The header-format blocks of a `message/delivery-status` body, field names lower-cased. */
function statusBlocks(content: string): Array<Map<string, string>> {
  const unfolded = content.replace(/\r\n?/g, '\n').replace(/\n[ \t]+/g, ' ');
  return unfolded.split(/\n[ \t]*\n/).map((block) => {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      if (colon > 0 && !fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
    }
    return fields;
  });
}

function actionFromStatus(status: string | null): string {
  if (status?.startsWith('5')) return 'failed';
  if (status?.startsWith('4')) return 'delayed';
  return status?.startsWith('2') ? 'delivered' : 'failed';
}

/**
 * One per-recipient block (`Original-Recipient`/`Final-Recipient`, `Action`, `Status`, `Diagnostic-Code`).
 * The address is the `Original-Recipient` when the block has one: the address the mail was sent to, while
 * `Final-Recipient` is where forwarding or alias expansion took it (RFC 3464 §2.3.1–2.3.2).
 */
function statusRecipient(fields: Map<string, string>): Recipient | null {
  const original = fields.get('original-recipient');
  const recipient =
    original !== undefined && typedAddress(original).includes('@') ? original : fields.get('final-recipient');
  if (recipient === undefined) return null;
  const status = ENHANCED_STATUS.exec(fields.get('status') ?? '')?.[1] ?? null;
  const action =
    fields
      .get('action')
      ?.split(/[\s(;]/)[0]
      ?.toLowerCase() || actionFromStatus(status);
  const diagnostic = fields.get('diagnostic-code');
  return {
    address: typedAddress(recipient),
    action,
    status,
    diagnostic: diagnostic ? withoutType(diagnostic) : null,
  };
}

/** The worst action over the recipients: failed > delayed > delivered/relayed/expanded. */
function worstAction(
  recipients: readonly Recipient[],
  fallback: DeliveryReport['action'],
): DeliveryReport['action'] {
  if (recipients.length === 0) return fallback;
  if (recipients.some((r) => r.action === 'failed')) return 'failed';
  return recipients.some((r) => r.action === 'delayed') ? 'delayed' : 'delivered';
}

/** The Message-ID in the header section of a returned original (headers only, or a whole message). */
function originalMessageId(parts: DeliveryReportSource['parts']): string | null {
  for (const part of parts) {
    if (!ORIGINAL_PARTS.has(part.contentType)) continue;
    const text = part.content.toString('utf8').replace(/\r\n?/g, '\n').trimStart();
    const blank = text.indexOf('\n\n');
    const head = (blank === -1 ? text : text.slice(0, blank)).replace(/\n[ \t]+/g, ' ');
    const id = /^message-id:[ \t]*(<[^<>\s]+>)/im.exec(head)?.[1];
    if (id !== undefined) return id;
  }
  return null;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The SMTP reply on a bounce line (`550 5.1.1 <x@y>: user unknown`, `said: 550 …`, `#550 5.1.1 …`) with its
 * more-indented continuation lines, or `null` when the line has none.
 */
function smtpReply(
  lines: readonly string[],
  index: number,
): { status: string | null; diagnostic: string } | null {
  const line = lines[index] ?? '';
  const enhanced = ENHANCED_STATUS.exec(line);
  const basic = SMTP_REPLY.exec(line);
  const enhancedClass = enhanced?.[1]?.charAt(0);
  if (basic === null && enhancedClass !== '4' && enhancedClass !== '5') return null;
  const start = Math.min(basic ? basic.index + basic[0].length : line.length, enhanced?.index ?? line.length);
  const parts = [line.slice(start).trim()];
  for (let next = index + 1; next < lines.length; next++) {
    const following = lines[next] ?? '';
    if (following.trim() === '' || indentOf(following) <= indentOf(line)) break;
    parts.push(following.trim());
  }
  return { status: enhanced?.[1] ?? null, diagnostic: parts.join(' ') };
}

/**
 * The failed recipients a plain-text bounce names: an address followed (within a few lines) by an SMTP reply
 * line such as `550 5.1.1 …` — Postfix, Exim, qmail, Gmail and Exchange texts all have this shape. The copy
 * of the original message (from `This is a copy of…` or its first header line) is not searched.
 */
function textRecipients(text: string, action: string, ignored: ReadonlySet<string>): Recipient[] {
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  const copyAt = all.findIndex((line) => ORIGINAL_COPY.test(line));
  const lines = copyAt === -1 ? all : all.slice(0, copyAt);
  const found = new Map<string, Recipient>();
  let pending: Array<{ address: string; seenAt: number }> = [];
  let lineNumber = 0;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    lineNumber++;
    const addresses = addressesIn(line).filter((address) => !ignored.has(address));
    const reply = smtpReply(lines, index);
    if (reply === null) {
      pending = [...pending, ...addresses.map((address) => ({ address, seenAt: lineNumber }))];
      return;
    }
    const waiting = pending.filter((p) => lineNumber - p.seenAt <= REPLY_WINDOW).map((p) => p.address);
    for (const address of [...waiting, ...addresses]) {
      if (!found.has(address)) found.set(address, { address, action, ...reply });
    }
    pending = [];
  });
  return [...found.values()];
}

/** The addresses on a line, lower-cased (split on delimiters: linear, whatever the line). */
function addressesIn(line: string): string[] {
  return line
    .split(ADDRESS_DELIMITERS)
    .map((token) => token.replace(/\.+$/, '').toLowerCase())
    .filter((token) => {
      const at = token.indexOf('@');
      return (
        at > 0 && at === token.lastIndexOf('@') && token.indexOf('.', at) > at + 1 && token.length <= 254
      );
    });
}

function isBounceSender(from: string | null): boolean {
  return from !== null && BOUNCE_SENDER.test(from);
}

/** RFC 3464: the per-recipient blocks of the `message/delivery-status` part(s). */
function standardReport(source: DeliveryReportSource): DeliveryReport {
  const recipients = source.parts
    .filter((part) => STATUS_PARTS.has(part.contentType))
    .flatMap((part) => statusBlocks(part.content.toString('utf8')))
    .map(statusRecipient)
    .filter((recipient): recipient is Recipient => recipient !== null);
  const found =
    recipients.length > 0
      ? recipients
      : orFailedRecipients(textRecipients(source.text, 'failed', bounceIgnored(source)), source);
  return {
    action: worstAction(found, 'failed'),
    recipients: found,
    originalMessageId: originalMessageId(source.parts),
    standard: true,
  };
}

/** The recipients found, else those of `X-Failed-Recipients` (a permanent failure, no status given). */
function orFailedRecipients(found: Recipient[], source: DeliveryReportSource): Recipient[] {
  if (found.length > 0) return found;
  return [...new Set(source.failedRecipients ?? [])].map((address) => ({
    address,
    action: 'failed',
    status: null,
    diagnostic: null,
  }));
}

function bounceIgnored(source: DeliveryReportSource): ReadonlySet<string> {
  return new Set(source.from === null ? [] : [source.from]);
}

/** A plain-text bounce from MAILER-DAEMON/postmaster with a bounce-like subject. */
function heuristicReport(source: DeliveryReportSource): DeliveryReport {
  const delayed = !FAILURE_SUBJECT.test(source.subject) && DELAY_SUBJECT.test(source.subject);
  const action = delayed ? 'delayed' : 'failed';
  const recipients = orFailedRecipients(textRecipients(source.text, action, bounceIgnored(source)), source);
  return {
    action,
    recipients,
    originalMessageId: originalMessageId(source.parts) ?? QUOTED_MESSAGE_ID.exec(source.text)?.[1] ?? null,
    standard: false,
  };
}

/**
 * Reads a delivery status notification (bounce) about a mail we sent, or returns `null` when the mail is not one.
 *
 * - RFC 3464 `multipart/report; report-type=delivery-status`: the per-recipient blocks of the
 *   `message/delivery-status` part (`Final-Recipient: rfc822; x@y`, `Action`, `Status`, `Diagnostic-Code` with
 *   its `smtp;` type removed; the address is `Original-Recipient` before `Final-Recipient`), the original Message-ID from the returned headers (`text/rfc822-headers`,
 *   `message/rfc822`, `message/global[-headers]`) → `standard: true`.
 * - Non-standard plain-text bounces: From `mailer-daemon@`/`postmaster@` and a bounce subject ("Undeliverable",
 *   "Delivery Status Notification (Failure)", "Mail delivery failed", "Undelivered Mail Returned to Sender",
 *   "Недоставленное сообщение", "Не удалось доставить"…) → `standard: false`, action `failed` (`delayed` when
 *   the subject speaks of a delay or a warning and not of a failure), recipients = addresses followed by an SMTP reply line in the
 *   text, original Message-ID from a returned part or a quoted `Message-ID:` line.
 * - Either kind: when no recipient is found, the addresses of `X-Failed-Recipients` have failed.
 *
 * @example parseDeliveryReport({ contentType: 'text/plain', reportType: null, from: 'mailer-daemon@mx.example.org', subject: 'Undeliverable: Hi', text: '<gone@example.org>: 550 5.1.1 user unknown', parts: [] })
 * // { action: 'failed', recipients: [{ address: 'gone@example.org', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 user unknown' }], originalMessageId: null, standard: false }
 */
export function parseDeliveryReport(source: DeliveryReportSource): DeliveryReport | null {
  const isReport = source.contentType === 'multipart/report';
  const hasStatus = source.parts.some((part) => STATUS_PARTS.has(part.contentType));
  if (isReport && (source.reportType === 'delivery-status' || hasStatus)) return standardReport(source);
  if (isReport) return null;
  if (isBounceSender(source.from) && BOUNCE_SUBJECTS.some((subject) => subject.test(source.subject))) {
    return heuristicReport(source);
  }
  return null;
}
