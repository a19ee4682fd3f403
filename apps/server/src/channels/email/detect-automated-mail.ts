import type { HeaderLines } from 'mailparser';
import type { MailAddress } from './parse-email.ts';

/** The SMTP envelope as far as loop detection needs it. */
export interface AutomationEnvelope {
  /** MAIL FROM: `''` for the null reverse-path `<>` (bounces, auto-replies), `null` when unknown (IMAP). */
  mailFrom: string | null;
}

type HeaderRule = (value: (name: string) => string | null) => string | null;

const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const NEGATIVE = new Set(['no', 'false', '0']);
const ROBOT_SENDER = /^(?:mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:$|[+._-])/;

/**
 * The raw values of one header, in header order, unfolded and trimmed (not RFC 2047-decoded): the right input
 * for token-valued headers like `Auto-Submitted`, `Message-ID` or `References`.
 *
 * @example headerValues(mail.headerLines, 'auto-submitted') // ['auto-replied']
 */
export function headerValues(headers: HeaderLines, name: string): string[] {
  const key = name.toLowerCase();
  return headers
    .filter((header) => header.key === key)
    .map((header) => {
      const colon = header.line.indexOf(':');
      return header.line
        .slice(colon + 1)
        .replace(/\r?\n(?=[ \t])/g, '')
        .trim();
    });
}

/** The first token of a header value, lower-cased: `auto-replied; owner=x` → `auto-replied`. */
function token(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

const rules: HeaderRule[] = [
  (value) => {
    const auto = value('auto-submitted');
    return auto !== null && token(auto) !== 'no' ? `Auto-Submitted: ${token(auto)}` : null;
  },
  (value) => {
    const suppress = value('x-auto-response-suppress');
    if (suppress === null) return null;
    return suppress === '' ? 'X-Auto-Response-Suppress' : `X-Auto-Response-Suppress: ${suppress}`;
  },
  (value) => {
    const reply = value('x-autoreply');
    return reply !== null && !NEGATIVE.has(token(reply)) ? 'X-Autoreply' : null;
  },
  (value) => (value('x-autorespond') === null ? null : 'X-Autorespond'),
  (value) => {
    const precedence = token(value('precedence') ?? '');
    return AUTO_PRECEDENCE.has(precedence) ? `Precedence: ${precedence}` : null;
  },
  (value) => (value('list-id') === null ? null : 'List-Id'),
  (value) => (value('list-unsubscribe') === null ? null : 'List-Unsubscribe'),
  (value) => (token(value('content-type') ?? '') === 'multipart/report' ? 'multipart/report' : null),
];

/** `From mailer-daemon`, `From postmaster`, `From noreply`… for the senders that are programs. */
function robotSender(from: MailAddress | null): string | null {
  const local = from?.address.split('@')[0]?.toLowerCase() ?? '';
  return ROBOT_SENDER.test(local) ? `From ${local}` : null;
}

/** The null reverse-path, in the envelope or in the `Return-Path` the delivering server wrote. */
function nullSender(headers: HeaderLines, envelope: AutomationEnvelope | undefined): string | null {
  if (envelope?.mailFrom === '') return 'null sender';
  const returnPaths = headerValues(headers, 'return-path');
  return returnPaths.some((path) => path.replace(/\s+/g, '') === '<>') ? 'null sender' : null;
}

/**
 * Why a received mail was sent by a program rather than a person (RFC 3834 and the de-facto headers of
 * Exchange, mailing lists and MTAs, CHANNELS.md §5.4), or `null` for a person's mail. Such mail is stored but
 * must never be auto-answered (acknowledgements, CSAT), or two robots answer each other forever.
 *
 * Checked in this order, the first hit is the reason: `Auto-Submitted` ≠ `no`; `X-Auto-Response-Suppress`
 * (any value); `X-Autoreply` (not `no`); `X-Autorespond`; `Precedence: bulk|junk|list|auto_reply`; `List-Id`;
 * `List-Unsubscribe`; `Content-Type: multipart/report`; a From local part `mailer-daemon`, `postmaster`,
 * `noreply`/`no-reply`, `do-not-reply`; the null sender (`Return-Path: <>` or an envelope `MAIL FROM:<>`).
 *
 * @param headers mailparser's raw header lines (`ParsedMail.headerLines`)
 * @param from the parsed From address
 * @param envelope the SMTP envelope when the mail came in over SMTP
 * @example detectAutomatedMail(mail.headerLines, { address: 'ivan@example.ru', name: null }) // 'Auto-Submitted: auto-replied'
 */
export function detectAutomatedMail(
  headers: HeaderLines,
  from: MailAddress | null,
  envelope?: AutomationEnvelope,
): string | null {
  const value = (name: string): string | null => headerValues(headers, name)[0] ?? null;
  for (const rule of rules) {
    const reason = rule(value);
    if (reason !== null) return reason;
  }
  return robotSender(from) ?? nullSender(headers, envelope);
}
