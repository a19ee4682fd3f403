/**
 * Escapes text for `parse_mode: 'HTML'` so the customer sees exactly what the operator typed.
 *
 * @example escapeTelegramHtml('a < b & c') // 'a &lt; b &amp; c'
 */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
