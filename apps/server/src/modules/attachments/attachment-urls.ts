import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, unguessable file URLs: images in the widget and the workspace load with a plain `<img src>`,
 * which cannot carry a bearer token, so the URL itself is the capability.
 */
export class AttachmentUrls {
  constructor(private readonly key: string) {}

  private sign(id: string): string {
    return createHmac('sha256', this.key).update(`file:${id}`).digest('base64url').slice(0, 32);
  }

  url(a: { id: string; filename: string }): string {
    return `/api/v1/files/${a.id}/${encodeURIComponent(a.filename)}?sig=${this.sign(a.id)}`;
  }

  verify(id: string, sig: string): boolean {
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
