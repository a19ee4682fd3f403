import type { CannedReply } from '@frontline/shared';

/** A `/word` being typed: where it starts (the `/`), where it ends (the caret) and the word. */
export interface SlashQuery {
  start: number;
  end: number;
  query: string;
}

/**
 * The `/word` the caret is at the end of, if any: the `/` starts the text or follows a space or a line break
 * (so `http://…` and `and/or` never open the picker), and the word has no space in it.
 * @example slashQueryAt('Hi /roa', 7) // → { start: 3, end: 7, query: 'roa' }
 */
export function slashQueryAt(text: string, caret: number): SlashQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, end: caret, query };
}

/**
 * The replies a query matches (shortcut, title or body, ignoring case), best first: shortcuts that start
 * with the query, then the rest, each part in the given order (the server's: most used first).
 */
export function matchCannedReplies(replies: readonly CannedReply[], query: string): CannedReply[] {
  const q = query.toLocaleLowerCase();
  if (q === '') return [...replies];
  const prefixed: CannedReply[] = [];
  const others: CannedReply[] = [];
  for (const reply of replies) {
    if (reply.shortcut.startsWith(q)) prefixed.push(reply);
    else if (
      reply.shortcut.includes(q) ||
      reply.title.toLocaleLowerCase().includes(q) ||
      reply.body.toLocaleLowerCase().includes(q)
    )
      others.push(reply);
  }
  return [...prefixed, ...others];
}
