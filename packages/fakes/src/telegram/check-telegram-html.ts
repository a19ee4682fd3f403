const supportedTags = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

export type HtmlCheck = { ok: true; textLength: number } | { ok: false; error: string };

/**
 * Validates Telegram-flavoured HTML like `parse_mode: 'HTML'` does and measures the visible text (UTF-16 units).
 * Bare `<` or unknown/unbalanced tags fail; an `&` that starts no entity is a literal, as in TDLib.
 *
 * @example checkTelegramHtml('<b>hi</b> &lt;3') // { ok: true, textLength: 5 }
 */
export function checkTelegramHtml(text: string): HtmlCheck {
  const stack: string[] = [];
  let length = 0;
  let i = 0;
  const offset = (at: number) => Buffer.byteLength(text.slice(0, at));
  while (i < text.length) {
    const ch = text[i];
    if (ch === '<') {
      const end = text.indexOf('>', i);
      if (end < 0) return { ok: false, error: `Unclosed start tag at byte offset ${offset(i)}` };
      if (text[i + 1] === '/') {
        const name = text
          .slice(i + 2, end)
          .trim()
          .toLowerCase();
        const open = stack.pop();
        if (open === undefined) return { ok: false, error: `Unexpected end tag at byte offset ${offset(i)}` };
        if (open !== name) {
          return {
            ok: false,
            error: `Unmatched end tag at byte offset ${offset(i)}, expected "</${open}>", found "</${name}>"`,
          };
        }
      } else {
        const name = (/^[a-zA-Z][a-zA-Z0-9-]*/.exec(text.slice(i + 1, end))?.[0] ?? '').toLowerCase();
        if (!supportedTags.has(name)) {
          return { ok: false, error: `Unsupported start tag "${name}" at byte offset ${offset(i)}` };
        }
        stack.push(name);
      }
      i = end + 1;
    } else if (ch === '&') {
      const entity = /^&(#\d+|#x[0-9a-f]+|lt|gt|amp|quot);/i.exec(text.slice(i, i + 12));
      length += 1;
      i += entity ? entity[0].length : 1;
    } else {
      length += 1;
      i += 1;
    }
  }
  const open = stack.pop();
  if (open !== undefined)
    return { ok: false, error: `Can't find end tag corresponding to start tag "${open}"` };
  return { ok: true, textLength: length };
}
