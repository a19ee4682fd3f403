import { noticeText, type MessageNotice } from '@frontline/shared';

/**
 * Records a notice of the server inside a customer's message and returns its English line for the message's
 * text, so the structured form (rendered in the operator's language) and the plain-text fallback stay in step.
 * @example lines.push(noticeLine(notices, { code: 'sticker', label: '👍' })) // → '[sticker 👍]'
 */
export function noticeLine(notices: MessageNotice[], notice: MessageNotice): string {
  notices.push(notice);
  return noticeText(notice);
}
