/** Resolves a server-given URL against the base; returns null unless it is http(s) (no `javascript:`). */
export function safeUrl(url: string, baseUrl: string): string | null {
  try {
    const resolved = new URL(url, `${baseUrl}/`);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null;
  } catch {
    return null;
  }
}
