import EmailReplyParser from 'email-reply-parser';

/** Where the quoted part starts: an attribution line ("On … wrote:") or a header block (Outlook). */
interface QuoteHeader {
  start: number;
  end: number;
  /**
   * `block`: everything below is the quoted mail; `attribution`: `>`-quoted lines follow (maybe interleaved);
   * `forward`: a forwarded mail follows, which is content, not a quote.
   */
  kind: 'attribution' | 'block' | 'forward';
}

const QUOTED = /^[ \t]*>/;
const SIGNATURE = [
  /^--[ \t]?$/, // RFC 3676 "-- " (some clients drop the trailing space)
  /^(?:Отправлено|Послано) (?:с|со|из) .{1,80}$/i, // "Отправлено с iPhone", "Отправлено из мобильной Почты Mail.ru"
];
/** Attribution lines are short; longer lines are never checked (and regexes stay cheap on hostile input). */
const MAX_ATTRIBUTION = 400;
const ENDS_WITH_ADDRESS = /\s<?[^\s<>@]+@[^\s<>@]+>?:$/;
const ATTRIBUTIONS: Array<(line: string) => boolean> = [
  // Gmail, Apple Mail, Outlook.com (EN): "On Mon, 23 Nov 2026 at 10:00, Name <x@y> wrote:", "On 23 Nov 2026, at 10:00, Name <x@y> wrote:"
  (line) => /^On\s.+\swrote:$/i.test(line) && /[\d@]/.test(line),
  // Thunderbird and others (RU): "23.11.2026 10:00, Иван пишет:", "… Иван написал(а):"
  (line) => /\s(?:пишет|написал|написала|написал\(а\)):$/i.test(line),
  // Gmail RU "пн, 23 нояб. 2026 г. в 10:00, Имя <x@y>:", Yandex "23.11.2026, 10:00, "Имя" <x@y>:",
  // Mail.ru "Понедельник, 23 ноября 2026, 10:00 +03:00 от Имя <x@y>:": a time, and an address with a colon at the end
  (line) => /\d{1,2}:\d{2}/.test(line) && ENDS_WITH_ADDRESS.test(line),
];
const ORIGINAL_MESSAGE =
  /^[ \t]*-{2,}[ \t]*(?:Original Message|Исходное сообщение|Исходное письмо)[ \t]*-{2,}[ \t]*$/i;
const SEPARATOR = /^[ \t]*_{10,}[ \t]*$/;
/** A forwarded mail is the content itself (Gmail, Thunderbird, Yandex, Mail.ru, Apple Mail): never stripped. */
const FORWARD =
  /^[ \t]*(?:-{2,}[ \t]*(?:Forwarded message|Пересылаемое сообщение|Переадресованное сообщение)[ \t]*-{2,}|Begin forwarded message:|Начало переадресованного сообщения:)[ \t]*$/i;
const BLOCK_FROM = /^[ \t]*\*?(?:From|От)\*?[ \t]*:/i;
const BLOCK_SENT = /^[ \t]*\*?(?:Sent|Date|Отправлено|Дата)\*?[ \t]*:/i;
const BLOCK_SUBJECT = /^[ \t]*\*?(?:Subject|Тема)\*?[ \t]*:/i;
/** How far below `From:` the other fields of an Outlook header block may be (wrapped lines, long Cc). */
const BLOCK_SPAN = 10;

const replyParser = new EmailReplyParser();
/**
 * email-reply-parser's regexes backtrack polynomially on long lines (it uses RE2 only when that native module is
 * installed, and it is not): it sees at most this much text, with longer lines masked.
 */
const LIBRARY_MAX_TEXT = 50_000;
const LIBRARY_MAX_LINE = 1_000;

function isQuoted(line: string): boolean {
  return QUOTED.test(line);
}

function isAttribution(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length <= MAX_ATTRIBUTION && ATTRIBUTIONS.some((matches) => matches(trimmed));
}

/** An attribution only counts when quoted lines (or nothing) follow it: prose may end with "wrote:" too. */
function quoteFollows(lines: readonly string[], after: number): boolean {
  const next = lines.slice(after + 1).find((line) => line.trim() !== '');
  return next === undefined || isQuoted(next);
}

/** An Outlook header block starting at `index`: From/От, then Sent/Date/Отправлено/Дата and Subject/Тема. */
function isHeaderBlock(lines: readonly string[], index: number): boolean {
  if (!BLOCK_FROM.test(lines[index] ?? '')) return false;
  const below = lines.slice(index + 1, index + 1 + BLOCK_SPAN);
  return below.some((line) => BLOCK_SENT.test(line)) && below.some((line) => BLOCK_SUBJECT.test(line));
}

/** The block starts at the separator line above `From:` when there is one (Outlook on the web: `_____`). */
function blockStart(lines: readonly string[], index: number): number {
  let above = index - 1;
  while (above >= 0 && (lines[above] ?? '').trim() === '') above--;
  return above >= 0 && SEPARATOR.test(lines[above] ?? '') ? above : index;
}

/** The first quote header (or forward marker) outside `>` lines; an attribution may be wrapped over two lines. */
function findQuoteHeader(lines: readonly string[]): QuoteHeader | null {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || isQuoted(line)) continue;
    if (FORWARD.test(line)) return { start: index, end: lines.length - 1, kind: 'forward' };
    if (ORIGINAL_MESSAGE.test(line)) return { start: index, end: lines.length - 1, kind: 'block' };
    if (isHeaderBlock(lines, index))
      return { start: blockStart(lines, index), end: lines.length - 1, kind: 'block' };
    if (isAttribution(line) && quoteFollows(lines, index))
      return { start: index, end: index, kind: 'attribution' };
    const next = lines[index + 1] ?? '';
    const wrapped = `${line.trim()} ${next.trim()}`;
    if (next.trim() !== '' && !isQuoted(next) && isAttribution(wrapped) && quoteFollows(lines, index + 1)) {
      return { start: index, end: index + 1, kind: 'attribution' };
    }
  }
  return null;
}

/**
 * The sender's own lines: everything above the first quote header, minus `>` lines; below an attribution the
 * unquoted lines are kept too (inline answers between quotes, or an answer written below the quote).
 */
function ownLines(lines: readonly string[], header = findQuoteHeader(lines)): string[] {
  if (header === null) return lines.filter((line) => !isQuoted(line));
  if (header.kind === 'forward') return [...lines];
  const above = lines.slice(0, header.start).filter((line) => !isQuoted(line));
  if (header.kind === 'block') return above;
  return [...above, ...ownLines(lines.slice(header.end + 1))];
}

function withoutSignature(lines: readonly string[]): string[] {
  const at = lines.findIndex((line) => SIGNATURE.some((pattern) => pattern.test(line.trimEnd())));
  return at === -1 ? [...lines] : lines.slice(0, at);
}

/** The text after email-reply-parser: its other languages' quote headers and its English signatures removed. */
function withoutLibraryQuotes(text: string): string {
  if (text.length > LIBRARY_MAX_TEXT) return text;
  const long: string[] = [];
  const masked = text
    .split('\n')
    .map((line) => (line.length > LIBRARY_MAX_LINE ? `\u2060${long.push(line) - 1}\u2060` : line))
    .join('\n');
  return replyParser
    .parseReply(masked)
    .replace(/\u2060(\d+)\u2060/g, (_, index: string) => long[Number(index)] ?? '');
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The new part of a reply: the sender's own text without the quoted mail and without the signature.
 *
 * Knows the quote headers of Gmail (EN "On … wrote:", RU "пн, 23 нояб. 2026 г. в 10:00, Имя <x@y>:"), Apple
 * Mail, Outlook ("-----Original Message-----"/"-----Исходное сообщение-----" and the From/Sent/To/Subject or
 * От/Отправлено/Кому/Тема block), Thunderbird RU ("… пишет:"), Yandex and Mail.ru, also when the header line
 * is wrapped; keeps the sender's lines of an inline (interleaved) reply; cuts the "-- " signature and
 * "Отправлено с …"; leaves a forwarded mail ("---------- Forwarded message ---------") whole; then lets
 * `email-reply-parser` apply its other languages and English signatures ("Sent from my iPhone", "Best
 * regards,"). Stripping is a heuristic: keep the full text too. Never returns `''` for a text with content —
 * when nothing would be left, the trimmed input is returned.
 *
 * @example stripQuotedReply('Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00, Support <s@example.test> wrote:\n> Restart it.') // 'Thanks!'
 */
export function stripQuotedReply(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines = normalized.split('\n');
  const header = findQuoteHeader(lines);
  if (header?.kind === 'forward') return tidy(normalized);
  const own = tidy(withoutSignature(ownLines(lines, header)).join('\n'));
  const stripped = own === '' ? '' : tidy(withoutLibraryQuotes(own));
  if (stripped !== '') return stripped;
  return own !== '' ? own : normalized.trim();
}
