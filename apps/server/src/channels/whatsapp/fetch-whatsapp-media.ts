import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { FetchedMedia, MediaRef } from '../channel-adapter.ts';
import { callGraphApi, describeNetworkError, type GraphTarget } from './call-graph-api.ts';
import { toWhatsAppChannelError } from './to-whatsapp-channel-error.ts';

const maxDownloadBytes = 100 * 1024 * 1024;
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
 * pending and tries again instead of storing the message without its attachment (F3). An unknown or expired
 * id is permanent (`WHATSAPP_MEDIA_GONE`).
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
    throw new ChannelError('WHATSAPP_FILE_TOO_BIG', 'files over 100 MB are not fetched from WhatsApp', {
      retryable: false,
    });
  }
  let res: Response;
  let bytes: Buffer;
  try {
    res = await fetch(info.data.url, {
      headers: { authorization: `Bearer ${target.accessToken}` },
      signal: AbortSignal.timeout(120_000),
    });
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (error) {
    throw new ChannelError(
      'WHATSAPP_UNAVAILABLE',
      `WhatsApp media download failed: ${describeNetworkError(error)}`,
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
