/**
 * A `Content-Disposition` header carrying the whole file name (RFC 6266): `filename*` with the UTF-8 name
 * percent-encoded (RFC 5987; also `'()*`, which encodeURIComponent leaves), and a plain-ASCII `filename`
 * fallback for old clients, with everything outside printable ASCII and the quote and backslash replaced.
 */
export function contentDisposition(inline: boolean, filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
