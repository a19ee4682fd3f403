import type { AddressObject, Attachment, ParsedMail, SimpleParserOptions } from 'mailparser';
import { detectAutomatedMail } from './detect-automated-mail.ts';
import { detectMailingList } from './detect-mailing-list.ts';
import { headerValues } from './header-values.ts';
import { DELIVERY_REPORT_PARTS, parseDeliveryReport } from './parse-delivery-report.ts';
import { readCalendarInvitation, type CalendarInvitation } from './read-calendar-invitation.ts';
import { stripQuotedReply } from './strip-quoted-reply.ts';

/** mailparser, loaded with the first mail rather than at start-up. */
async function simpleParser(source: Buffer | string, options: SimpleParserOptions): Promise<ParsedMail> {
  const { simpleParser: parse } = await import('mailparser');
  return parse(source, options);
}

/** A mailbox of an address header. */
export interface MailAddress {
  /** Lower-cased. */
  address: string;
  /** The display name, RFC 2047-decoded; `null` when the header gave none. */
  name: string | null;
}

/** An attachment or an inline (cid) image. */
export interface MailFile {
  /** The (RFC 2231/2047-decoded) file name; `attachment-<n>.<ext>` when the part names none. */
  filename: string;
  /** Lower-cased media type. */
  contentType: string;
  bytes: Buffer;
  /** The Content-ID without angle brackets, as `cid:` URLs in the HTML name it; `null` when the part has none. */
  contentId: string | null;
  /** Shown inside the HTML (in multipart/related, or disposition `inline`), not offered as a download. */
  inline: boolean;
}

/** A delivery status notification (bounce) about a mail we sent. */
export interface DeliveryReport {
  /** the worst action over the recipients: failed > delayed > delivered/relayed/expanded */
  action: 'failed' | 'delayed' | 'delivered';
  /**
   * `address`: the address the mail was sent to (`Original-Recipient`, else `Final-Recipient`), lower-cased;
   * `action` as reported (`failed`, `delayed`, `delivered`, `relayed`, `expanded`), `diagnostic` without its `smtp;` type.
   */
  recipients: Array<{ address: string; action: string; status: string | null; diagnostic: string | null }>;
  /** Message-ID of the mail that bounced, from text/rfc822-headers or message/rfc822 or message/global-headers part (with angle brackets) */
  originalMessageId: string | null;
  /** true for RFC 3464 multipart/report; false when recognised heuristically (plain-text MAILER-DAEMON bounce) */
  standard: boolean;
}

/** One received mail, as the e-mail channel needs it. */
export interface ParsedEmail {
  /** With angle brackets as in the header, e.g. "<abc@example.org>"; null when the mail has none. */
  messageId: string | null;
  /** ids found in In-Reply-To (with brackets) */
  inReplyTo: string[];
  /** ids in References, header order (with brackets) */
  references: string[];
  /** decoded (RFC 2047), '' when missing */
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  /** To + Cc + Delivered-To + X-Original-To addresses, lower-cased, deduplicated */
  recipients: string[];
  /** `null` when the header is missing or unparseable. */
  date: Date | null;
  /** The new part of the message: quotes/signature stripped (from text/plain, or converted from HTML when the mail is HTML-only) */
  text: string;
  /** The whole body as text (unstripped) */
  fullText: string;
  /**
   * Real attachments and inline (cid) images, calendar invitations included (`.ics`, named `invitation.ics`
   * when the part has no name). NOT the DSN's machine-readable parts, nor parts that are no file for a
   * person: other renderings of the body (`text/watch-html`, `text/x-amp-html`, an unnamed `text/html`…)
   * and S/MIME or OpenPGP signatures.
   */
  attachments: MailFile[];
  /** The calendar invitations among the attachments, one per distinct event, in mail order. */
  invitations: CalendarInvitation[];
  /** Why the mail came through a mailing list (`List-Id`, `Mailing-List`…), `null` when it did not. */
  mailingList: string | null;
  /**
   * The author of a list mail whose `From` the list rewrote to its own address (DMARC mitigation of Mailman,
   * Google Groups: `From: "Ann via Users" <users@lists…>`): `X-Original-From`, else a `Reply-To` that is not
   * the list. `null` when the `From` is the author, or for mail that came through no list.
   */
  listAuthor: MailAddress | null;
  /** why the mail is automatic, e.g. 'Auto-Submitted: auto-replied', 'Precedence: bulk', 'List-Id', 'X-Autoreply', 'X-Auto-Response-Suppress: OOF', 'null sender', 'From mailer-daemon', 'multipart/report' ; null for a person's mail */
  automated: string | null;
  /** a delivery status notification (bounce) about a mail we sent; null otherwise */
  bounce: DeliveryReport | null;
}

/** The SMTP envelope, when the mail came in over SMTP (not known for IMAP). */
export interface MailEnvelope {
  /** MAIL FROM; `''` for the null reverse-path `<>`, `null` when unknown. */
  mailFrom: string | null;
  /** RCPT TO addresses: added to `recipients` (the VERP/reply-token address may be in the envelope only). */
  rcptTo: readonly string[];
}

export interface ParseEmailOptions {
  /** The SMTP envelope, for the SMTP receiver: RCPT TO joins `recipients`, `MAIL FROM:<>` marks the mail automatic. */
  envelope?: MailEnvelope;
}

const MIME_OPTIONS: SimpleParserOptions = {
  keepDeliveryStatus: true,
  keepCidLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  checksumAlgo: false,
};
const MESSAGE_ID = /<[^<>\s]+>/g;
const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/gif': '.gif',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'message/rfc822': '.eml',
  'text/plain': '.txt',
};

/** Media type and `report-type` of the mail, from its raw `Content-Type`. */
function contentTypeOf(mail: ParsedMail): { type: string; reportType: string | null } {
  const value = headerValues(mail.headerLines, 'content-type')[0] ?? 'text/plain';
  const reportType = /;\s*report-type\s*=\s*"?([\w.-]+)/i.exec(value)?.[1]?.toLowerCase() ?? null;
  return { type: (value.split(';')[0] ?? '').trim().toLowerCase(), reportType };
}

/**
 * A report is parsed again with `ignoreEmbedded`, so a returned `message/rfc822` stays a part we can read the
 * original Message-ID from, even when its disposition is `inline` (mailparser would render it as text).
 */
async function parseMime(raw: Buffer): Promise<ParsedMail> {
  const input = withLineFeeds(raw);
  const mail = await simpleParser(input, MIME_OPTIONS);
  if (contentTypeOf(mail).type !== 'multipart/report') return mail;
  return simpleParser(input, { ...MIME_OPTIONS, ignoreEmbedded: true });
}

/**
 * A mail saved with bare CR line ends (classic Mac OS mailboxes) has no line mailparser can split: its CRs
 * become CRLF. Mail with any LF is parsed as it is.
 */
function withLineFeeds(raw: Buffer): Buffer {
  if (raw.includes(0x0a) || !raw.includes(0x0d)) return raw;
  return Buffer.from(raw.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
}

/** Text of an HTML body nested in multipart/related or multipart/mixed, which mailparser leaves unconverted. */
async function htmlToText(html: string): Promise<string> {
  const head = 'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n';
  const single = Buffer.from(head + Buffer.from(html, 'utf8').toString('base64'), 'ascii');
  return (await simpleParser(single, { skipTextToHtml: true, skipTextLinks: true })).text ?? '';
}

/**
 * The body as text: the text/plain part(s), else the HTML converted. Inline-image placeholders (`[cid:…]`, from
 * the HTML conversion and from Outlook's plain-text parts) are dropped: the images are in `attachments`.
 */
async function bodyText(mail: ParsedMail): Promise<string> {
  const text = mail.text ?? (typeof mail.html === 'string' ? await htmlToText(mail.html) : '');
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]?\[cid:[^\]\s]*\]/g, '')
    .trim();
}

function firstMessageId(values: readonly string[]): string | null {
  const value = values[0]?.trim() ?? '';
  const id = value.match(MESSAGE_ID)?.[0];
  if (id !== undefined) return id;
  return value !== '' && !/\s/.test(value) ? `<${value}>` : null;
}

function messageIds(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((value) => value.match(MESSAGE_ID) ?? []))];
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const entries = [header ?? []].flat().flatMap((object) => object.value);
  return entries
    .flatMap((entry) => [entry, ...(entry.group ?? [])])
    .filter((entry) => entry.address !== undefined && entry.address !== '')
    .map((entry) => ({ address: (entry.address ?? '').toLowerCase(), name: entry.name.trim() || null }));
}

/** The addr-specs in a plain header value such as `Delivered-To` or `X-Original-To`. */
function bareAddresses(value: string): string[] {
  return value
    .split(/[\s<>(),;"]+/)
    .filter((token) => token.indexOf('@') > 0)
    .map((token) => token.toLowerCase());
}

function recipientsOf(mail: ParsedMail, envelope: MailEnvelope | undefined): string[] {
  const plain = [
    ...headerValues(mail.headerLines, 'delivered-to'),
    ...headerValues(mail.headerLines, 'x-original-to'),
    ...(envelope?.rcptTo ?? []),
  ].flatMap(bareAddresses);
  const parsed = [...addressesOf(mail.to), ...addressesOf(mail.cc)].map((a) => a.address);
  return [...new Set([...parsed, ...plain])];
}

function dateOf(mail: ParsedMail): Date | null {
  const value = headerValues(mail.headerLines, 'date')[0];
  if (value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** See `ParsedEmail.listAuthor`; the list's address is the `mailto:` of its `List-Post`. */
function listAuthorOf(
  mail: ParsedMail,
  from: MailAddress | null,
  replyTo: MailAddress | null,
): MailAddress | null {
  const post = headerValues(mail.headerLines, 'list-post')[0] ?? '';
  const list = /<mailto:([^>?\s]+)/i.exec(post)?.[1]?.toLowerCase();
  if (list === undefined || from?.address !== list) return null;
  const original = bareAddresses(headerValues(mail.headerLines, 'x-original-from')[0] ?? '')[0];
  if (original !== undefined) return { address: original, name: null };
  return replyTo !== null && replyTo.address !== list ? replyTo : null;
}

/** Parts that are no file for a person, see `ParsedEmail.attachments`: dropped quietly. */
const SIGNATURE_TYPES = new Set([
  'application/pkcs7-signature',
  'application/x-pkcs7-signature',
  'application/pgp-signature',
]);

function isCalendar(attachment: Attachment): boolean {
  const type = attachment.contentType.toLowerCase();
  return type === 'text/calendar' || type === 'application/ics' || /\.ics$/i.test(attachment.filename ?? '');
}

/**
 * Another rendering of the body rather than a file: an unnamed, not-`attachment` text part other than plain
 * text and calendars (Apple Watch's `text/watch-html`, Gmail's `text/x-amp-html`, `text/enriched`), or a
 * signature of the mail itself.
 */
function isNoFile(attachment: Attachment): boolean {
  const type = attachment.contentType.toLowerCase();
  if (SIGNATURE_TYPES.has(type)) return true;
  return (
    type.startsWith('text/') &&
    type !== 'text/plain' &&
    !isCalendar(attachment) &&
    attachment.filename === undefined &&
    attachment.contentDisposition !== 'attachment'
  );
}

/**
 * The files of a mail: without the parts that are none, and with one copy of an invitation that comes twice
 * (Google: an unnamed `text/calendar` alternative and the same bytes as `invite.ics`), the named one kept.
 */
function filesOf(attachments: readonly Attachment[]): Attachment[] {
  const files = attachments.filter((a) => !isNoFile(a));
  return files.filter(
    (a) =>
      !isCalendar(a) ||
      a.filename !== undefined ||
      !files.some((other) => other !== a && isCalendar(other) && other.content.equals(a.content)),
  );
}

function toMailFile(attachment: Attachment, index: number): MailFile {
  const contentType = attachment.contentType.toLowerCase();
  return {
    filename:
      attachment.filename ??
      (isCalendar(attachment) ? 'invitation.ics' : `attachment-${index + 1}${EXTENSIONS[contentType] ?? ''}`),
    contentType,
    bytes: attachment.content,
    contentId: attachment.cid ?? null,
    inline: attachment.related === true || attachment.contentDisposition === 'inline',
  };
}

/**
 * Parses one received mail (raw RFC 5322 bytes) into what the e-mail channel needs: threading ids, decoded
 * subject and addresses, the new text (quotes and signature stripped) and the full text, attachments and
 * inline images, why the mail is automatic, and the delivery report when it is a bounce. Pure: no I/O.
 *
 * mailparser decodes RFC 2047 words, RFC 2231 file names, quoted-printable/base64 and legacy charsets
 * (koi8-r, windows-1251). Threading ids are read from the raw headers, so `In-Reply-To`/`References` keep every
 * id they list; a missing or unparseable `Date` is `null` (mailparser would say "now"). The machine parts of a
 * report (`message/delivery-status`, returned headers or message) go to `bounce`, never to `attachments`;
 * other renderings of the body and signatures are dropped, calendar invitations are kept and read
 * (`invitations`). Raw UTF-8 in headers (RFC 6532) is read as UTF-8, in the decoded fields as in the raw ones.
 *
 * @example const mail = await parseEmail(raw, { envelope: { mailFrom: '', rcptTo: ['support+bounce-42.a1@support.example.test'] } })
 */
export async function parseEmail(raw: Buffer, options: ParseEmailOptions = {}): Promise<ParsedEmail> {
  const mail = await parseMime(raw);
  const { type, reportType } = contentTypeOf(mail);
  const from = addressesOf(mail.from)[0] ?? null;
  const fullText = await bodyText(mail);
  const subject = mail.subject ?? '';
  const machineParts = mail.attachments.filter((a) => DELIVERY_REPORT_PARTS.has(a.contentType.toLowerCase()));
  const bounce = parseDeliveryReport({
    contentType: type,
    reportType,
    from: from?.address ?? null,
    subject,
    text: fullText,
    failedRecipients: headerValues(mail.headerLines, 'x-failed-recipients').flatMap(bareAddresses),
    parts: machineParts.map((a) => ({ contentType: a.contentType.toLowerCase(), content: a.content })),
  });
  const hidden =
    type === 'multipart/report' || bounce !== null ? new Set(machineParts) : new Set<Attachment>();
  const replyTo = addressesOf(mail.replyTo)[0] ?? null;
  const mailingList = detectMailingList(mail.headerLines);
  const files = filesOf(mail.attachments.filter((a) => !hidden.has(a)));
  return {
    messageId: firstMessageId(headerValues(mail.headerLines, 'message-id')),
    inReplyTo: messageIds(headerValues(mail.headerLines, 'in-reply-to')),
    references: messageIds(headerValues(mail.headerLines, 'references')),
    subject,
    from,
    replyTo,
    recipients: recipientsOf(mail, options.envelope),
    date: dateOf(mail),
    text: stripQuotedReply(fullText),
    fullText,
    attachments: files.map(toMailFile),
    invitations: files
      .filter(isCalendar)
      .map((a) => readCalendarInvitation(a.content))
      .filter((invitation): invitation is CalendarInvitation => invitation !== null),
    mailingList,
    listAuthor: mailingList === null ? null : listAuthorOf(mail, from, replyTo),
    automated:
      detectAutomatedMail(mail.headerLines, from, options.envelope) ?? (bounce ? 'delivery report' : null),
    bounce,
  };
}
