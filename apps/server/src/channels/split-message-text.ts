/**
 * Splits text into parts of at most `limit` UTF-16 units (a provider's per-message limit: Telegram and
 * WhatsApp 4096, Viber 7000), preferring a newline, then a space, in the second half of the window;
 * never splits a surrogate pair.
 *
 * @example splitMessageText('a'.repeat(5000), 4096).map((p) => p.length) // [4096, 904]
 */
export function splitMessageText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    } else {
      // The separator itself is dropped: it was only there to break the line.
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
