import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { FetchedMedia, MediaRef } from '../channel-adapter.ts';
import { fetchProviderMedia, maxProviderMediaBytes } from '../fetch-provider-media.ts';
import { callGraphApi, type GraphTarget } from './call-graph-api.ts';
import { toWhatsAppChannelError } from './to-whatsapp-channel-error.ts';

// WhatsApp allows documents up to 100 MB; the platform stores up to 50 MB.
const maxDownloadBytes = maxProviderMediaBytes;
const goneMessage =
  'this file is no longer available from WhatsApp (media expires after 7 days): ask the customer to send it again';

const MediaInfo = z.object({
  url: z.url(),
  mime_type: z.string().optional(),
  file_size: z.number().int().optional(),
  id: z.string().optional(),
});

/**
 * Downloads an inbound file right after the lookup: `GET /{media-id}` → a short-lived URL (5 min) → `GET url`
 * with the same Bearer token. Transient failures (503, network) are retryable, so the core keeps the raw event
 * pending and tries again instead of storing the message without its attachment (failure mode F3,
 * docs/channels.md). An unknown or expired id is permanent (`WHATSAPP_MEDIA_GONE`). The download URL comes
 * from the answer, so it is guarded (`fetchProviderMedia`): no private addresses except the configured Graph
 * root, 3 redirects, 50 MB.
 */
export async function fetchWhatsAppMedia(target: GraphTarget, media: MediaRef): Promise<FetchedMedia> {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(media.providerRef)) {
    throw new ChannelError('WHATSAPP_MEDIA_GONE', 'the WhatsApp media id is malformed', { retryable: false });
  }
  const answer = await callGraphApi(target, media.providerRef);
  if (!answer.ok) {
    const unknownObject = answer.status === 400 && answer.error.code === 100;
    if (answer.status === 404 || answer.status === 410 || unknownObject) {
      throw new ChannelError('WHATSAPP_MEDIA_GONE', goneMessage, { retryable: false });
    }
    throw toWhatsAppChannelError(answer, 'media lookup');
  }
  const info = MediaInfo.safeParse(answer.body);
  if (!info.success) {
    throw new ChannelError(
      'WHATSAPP_UNAVAILABLE',
      'WhatsApp answered the media lookup without a download URL',
      {
        retryable: true,
      },
    );
  }
  if (info.data.file_size !== undefined && info.data.file_size > maxDownloadBytes) {
    throw new ChannelError('WHATSAPP_FILE_TOO_BIG', 'files over 50 MB are not fetched from WhatsApp', {
      retryable: false,
    });
  }
  let res: { status: number; ok: boolean };
  let bytes: Buffer;
  try {
    const answer = await fetchProviderMedia(info.data.url, {
      headers: { authorization: `Bearer ${target.accessToken}` },
      maxBytes: maxDownloadBytes,
      trustedOrigins: [new URL(target.graphRoot).origin],
    });
    res = { status: answer.status, ok: answer.status >= 200 && answer.status < 300 };
    bytes = answer.bytes;
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    throw new ChannelError(
      'WHATSAPP_UNAVAILABLE',
      `WhatsApp media download failed: ${error instanceof Error ? error.message : 'network error'}`,
      {
        retryable: true,
      },
    );
  }
  if (res.status === 404 || res.status === 410) {
    throw new ChannelError('WHATSAPP_MEDIA_GONE', goneMessage, { retryable: false });
  }
  if (res.status === 401 || res.status === 403) {
    throw new ChannelError(
      'WHATSAPP_TOKEN_REJECTED',
      'WhatsApp refused the media download: check the access token',
      {
        retryable: false,
      },
    );
  }
  if (!res.ok) {
    throw new ChannelError('WHATSAPP_UNAVAILABLE', `WhatsApp media download failed: HTTP ${res.status}`, {
      retryable: res.status >= 500 || res.status === 429,
    });
  }
  const contentType = media.contentType ?? info.data.mime_type ?? null;
  return { bytes, filename: media.filename ?? `media-${media.providerRef}`, contentType };
}
