import { createHash } from 'node:crypto';

/**
 * The idempotency key of a received mail: its Message-ID, so the same mail read twice (SMTP retry, IMAP
 * re-read after a UIDVALIDITY change, a copy in two folders) is stored once; a hash of the bytes when the
 * mail has no Message-ID.
 *
 * @example emailEventKey(Buffer.from('Message-ID: <a@b>\r\n\r\nhi')) // 'mid:<a@b>'
 */
export function emailEventKey(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*(<[^<>\s]{1,900}>)/im.exec(unfolded);
  if (m?.[1]) return `mid:${m[1]}`;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}
