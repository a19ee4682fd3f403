/** One part of a `multipart/form-data` body. `filename` is null for plain fields. */
export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

const crlf = Buffer.from('\r\n');

/**
 * A small, strict `multipart/form-data` parser for the fakes (whole body in memory).
 *
 * @example parseMultipart(body, 'multipart/form-data; boundary=xyz') // [{ name: 'photo', filename: 'a.png', … }]
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new Error('multipart boundary missing');
  const delimiter = Buffer.from(`--${boundary}`);
  const innerDelimiter = Buffer.concat([crlf, delimiter]);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart delimiter not found');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') return parts;
    if (body[pos] === 13 && body[pos + 1] === 10) pos += 2;
    const next = body.indexOf(innerDelimiter, pos);
    if (next < 0) throw new Error('unterminated multipart body');
    const raw = body.subarray(pos, next);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
    let name: string | null = null;
    let filename: string | null = null;
    let partType: string | null = null;
    for (const line of headers) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? null;
        const star = /filename\*=(?:utf-8'')?([^;]+)/i.exec(value)?.[1];
        filename = star ? decodeURIComponent(star) : (/filename="([^"]*)"/i.exec(value)?.[1] ?? null);
      } else if (key === 'content-type') {
        partType = value;
      }
    }
    if (name === null) throw new Error('multipart part without a name');
    parts.push({ name, filename, contentType: partType, data: Buffer.from(raw.subarray(headerEnd + 4)) });
    pos = next + crlf.length;
  }
}
