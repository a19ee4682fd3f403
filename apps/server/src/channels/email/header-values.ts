import type { HeaderLines } from 'mailparser';

/**
 * A raw header line as mailparser keeps it is a binary string: one character per byte. RFC 6532 allows raw
 * UTF-8 in header values, so the bytes are read as UTF-8 when they are valid UTF-8 (as mailparser itself
 * does for the headers it decodes), and kept as they are otherwise (a legacy 8-bit charset).
 */
function asUtf8(line: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x80-\xff]/.test(line) || /[^\x00-\xff]/.test(line)) return line;
  const decoded = Buffer.from(line, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? line : decoded;
}

/**
 * The raw values of one header, in header order, unfolded and trimmed (not RFC 2047-decoded, raw UTF-8 read
 * as UTF-8): the right input for token-valued headers like `Auto-Submitted`, `Message-ID` or `References`.
 *
 * @example headerValues(mail.headerLines, 'auto-submitted') // ['auto-replied']
 */
export function headerValues(headers: HeaderLines, name: string): string[] {
  const key = name.toLowerCase();
  return headers
    .filter((header) => header.key === key)
    .map((header) => {
      const line = asUtf8(header.line);
      const colon = line.indexOf(':');
      return line
        .slice(colon + 1)
        .replace(/\r?\n(?=[ \t])/g, '')
        .trim();
    });
}
