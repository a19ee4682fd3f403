import { noticeText, type MessageNotice } from '@frontline/shared';

/** One line of a message bubble: the customer's own text, or a notice of the server to render localized. */
export type MessageLine = { kind: 'text'; text: string } | { kind: 'notice'; notice: MessageNotice };

/** The mark the server puts before the text of an edited message. */
const editedMark = '✎ ';

/**
 * Splits a message's text into lines and finds, in order, the English line(s) of each of its notices (the
 * plain-text fallback the server writes in place; an order or a form's answers span several lines), so the
 * workspace can show those in the operator's language. A message without notices (older messages, other
 * clients) is all text.
 * @example messageLines('Hi\n[sticker 👍]', [{ code: 'sticker', label: '👍' }]) // → [{kind:'text',text:'Hi'}, {kind:'notice',notice:{…}}]
 */
export function messageLines(
  text: string,
  notices: readonly MessageNotice[] | null | undefined,
): MessageLine[] {
  if (!notices || notices.length === 0) return [{ kind: 'text', text }];
  const raws = text.split('\n');
  const lines: MessageLine[] = [];
  let next = 0;
  let index = 0;
  while (index < raws.length) {
    const raw = raws[index] ?? '';
    const edited = index === 0 && raw.startsWith(editedMark);
    const notice = notices[next];
    if (notice) {
      const expected = noticeText(notice);
      const span = expected.split('\n').length;
      const found = raws.slice(index, index + span).join('\n');
      if ((edited ? found.slice(editedMark.length) : found) === expected) {
        if (edited) lines.push({ kind: 'text', text: editedMark.trimEnd() });
        lines.push({ kind: 'notice', notice });
        next += 1;
        index += span;
        continue;
      }
    }
    const last = lines.at(-1);
    if (last?.kind === 'text') last.text = `${last.text}\n${raw}`;
    else lines.push({ kind: 'text', text: raw });
    index += 1;
  }
  return lines;
}
