import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';

/** What a presented file URL turned out to be. */
export type FileUrlCheck = 'valid' | 'invalid' | 'expired';

/** Where every file URL starts. */
const filesPath = '/api/v1/files/';

/**
 * Whether a stored event (its JSON text) may hold a file URL that `refreshIn` would re-sign: most events
 * hold none, and then need neither parsing for it nor serialising again.
 */
export function mayHoldFileUrls(json: string): boolean {
  return json.includes(filesPath);
}

/** Longest file name kept in a URL path (the full name travels in Content-Disposition). */
const maxNameInUrl = 40;

/**
 * The file name as shown in a URL: only a cosmetic tail (the download's name comes from the stored
 * metadata), kept short so a URL never grows with the name, with the extension kept visible.
 */
function urlName(filename: string): string {
  const chars = [...filename];
  if (chars.length <= maxNameInUrl) return filename;
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 && filename.length - dot <= 16 ? [...filename.slice(dot)] : [];
  return `${chars.slice(0, maxNameInUrl - ext.length - 1).join('')}…${ext.join('')}`;
}

/**
 * Signed, unguessable file URLs that expire: images in the widget and the workspace load with a plain
 * `<img src>`, which cannot carry a bearer token, so the URL itself is the capability — for `ttlSeconds`
 * (default a day). Clients get fresh URLs whenever they load messages. The expiry is rounded up to the
 * hour, so the same file has the same URL for an hour and browsers can cache it.
 */
export class AttachmentUrls {
  constructor(
    private readonly key: string,
    private readonly clock: Clock = { now: () => new Date() },
    private readonly ttlSeconds = 86_400,
  ) {}

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`file:${id}:${expires}`).digest('base64url').slice(0, 32);
  }

  /** A URL for the file, valid for the configured time from now. */
  url(a: { id: string; filename: string }): string {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const expires = Math.ceil((now + this.ttlSeconds) / 3600) * 3600;
    const name = encodeURIComponent(urlName(a.filename));
    return `${filesPath}${a.id}/${name}?exp=${expires}&sig=${this.sign(a.id, expires)}`;
  }

  /** Checks a URL's signature first (a forged expiry is `invalid`), then its expiry. */
  check(id: string, expires: number | undefined, sig: string): FileUrlCheck {
    // URLs signed before they expired carry no `exp`: they are simply old.
    if (expires === undefined) return 'expired';
    const expected = Buffer.from(this.sign(id, expires));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return expires * 1000 > this.clock.now().getTime() ? 'valid' : 'expired';
  }

  /** Seconds until a URL expiring at `expires` (unix seconds) stops working. */
  secondsLeft(expires: number): number {
    return Math.max(0, Math.floor(expires - this.clock.now().getTime() / 1000));
  }

  /**
   * Gives every file URL inside a stored event (parsed JSON: a message with its attachments) a fresh
   * signature and expiry, in place: events replayed from the outbox were signed when they happened.
   */
  refreshIn(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.refreshIn(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record: Record<string, unknown> = Object.fromEntries(Object.entries(value));
    const { id, filename, url } = record;
    if (
      typeof id === 'string' &&
      typeof filename === 'string' &&
      typeof url === 'string' &&
      url.startsWith(filesPath)
    ) {
      Object.assign(value, { url: this.url({ id, filename }) });
      return;
    }
    for (const child of Object.values(record)) this.refreshIn(child);
  }
}
