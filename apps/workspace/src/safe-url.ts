/**
 * Returns `url` if it is safe to put in `href`/`src` (same-origin path or http(s)), else `null`.
 * Attachment URLs come from the server, but a `javascript:` URL must never reach the DOM.
 */
export function safeUrl(url: string): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
