import type { MessageNotice } from '@frontline/shared';
import type { Translate } from './i18n.ts';
import { messageLines } from './message-lines.ts';
import { renderNotice } from './render-notice.ts';

/**
 * A message's preview (the inbox snippet, a new-case alert) with the server's notices in the operator's
 * language: each line that is a notice's English fallback is rendered; the rest (the customer's own words, a
 * cut-off tail) stays as stored.
 * @example messagePreview('[sticker 👍]', [{ code: 'sticker', label: '👍' }], t) // ru → '[стикер 👍]'
 */
export function messagePreview(
  text: string,
  notices: readonly MessageNotice[] | null | undefined,
  t: Translate,
): string {
  return messageLines(text, notices)
    .map((line) => (line.kind === 'text' ? line.text : renderNotice(line.notice, t)))
    .join('\n');
}
