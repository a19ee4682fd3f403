import { ChannelError } from '../../lib/errors.ts';
import type { FetchedMedia, MediaRef } from '../channel-adapter.ts';
import { fetchProviderMedia, type ProviderMediaResponse } from '../fetch-provider-media.ts';

/**
 * Downloads an inbound file from the temporary URL Viber put in the callback (no auth header needed).
 * Network errors, HTTP 5xx and 429 → `VIBER_MEDIA_UNAVAILABLE`, retryable; an expired or missing file
 * (4xx) → `VIBER_MEDIA_GONE`, not retryable: the customer has to send it again. The URL comes from the
 * callback, so the download is guarded (`fetchProviderMedia`): no private addresses except `trustedOrigins`
 * (the configured API root), 3 redirects, 50 MB.
 */
export async function fetchViberMedia(
  media: MediaRef,
  options: { trustedOrigins?: readonly string[] } = {},
): Promise<FetchedMedia> {
  if (!/^https?:\/\//i.test(media.providerRef)) {
    throw new ChannelError('VIBER_MEDIA_GONE', 'Viber sent no usable file URL', { retryable: false });
  }
  let res: ProviderMediaResponse;
  try {
    res = await fetchProviderMedia(media.providerRef, { trustedOrigins: options.trustedOrigins ?? [] });
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    throw new ChannelError('VIBER_MEDIA_UNAVAILABLE', 'Viber file download failed: network error', {
      retryable: true,
    });
  }
  if (res.status < 200 || res.status >= 300) {
    if (res.status >= 500 || res.status === 429) {
      throw new ChannelError('VIBER_MEDIA_UNAVAILABLE', `Viber file download failed: HTTP ${res.status}`, {
        retryable: true,
      });
    }
    throw new ChannelError(
      'VIBER_MEDIA_GONE',
      `the file is no longer available on Viber (HTTP ${res.status}): ask the customer to send it again`,
      { retryable: false },
    );
  }
  const { bytes } = res;
  const fromUrl = decodeURIComponent(new URL(media.providerRef).pathname.split('/').pop() ?? '');
  return {
    bytes,
    filename: media.filename ?? (fromUrl || 'file'),
    contentType: media.contentType ?? res.headers['content-type'] ?? null,
  };
}
