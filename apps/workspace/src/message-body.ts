import type { Message } from '@frontline/shared';

/** What a timeline bubble shows as a message's text, and which quoted-text toggle it offers. */
export interface MessageBody {
  text: string;
  /** `show`: the quoted part is hidden and can be shown; `hide`: it is shown; `null`: nothing to toggle. */
  toggle: 'show' | 'hide' | null;
}

/**
 * The text of a message bubble: the reply as stored, or, when the admin asked for it, the whole mail
 * (`fullText`: the reply with its quoted part). There is a toggle only when `fullText` adds something.
 * @example messageBody({ text: 'Thanks!', fullText: 'Thanks!\n> Your order…' }, false) // → { text: 'Thanks!', toggle: 'show' }
 */
export function messageBody(message: Pick<Message, 'text' | 'fullText'>, showQuoted: boolean): MessageBody {
  const full = message.fullText;
  if (!full || full === message.text) return { text: message.text, toggle: null };
  return showQuoted ? { text: full, toggle: 'hide' } : { text: message.text, toggle: 'show' };
}
