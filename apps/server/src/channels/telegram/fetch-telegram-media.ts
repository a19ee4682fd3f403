import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { FetchedMedia, MediaRef } from '../channel-adapter.ts';
import { fetchProviderMedia, type ProviderMediaResponse } from '../fetch-provider-media.ts';
import { callTelegramApi, type TelegramApiTarget } from './call-telegram-api.ts';
import { toTelegramChannelError } from './to-telegram-channel-error.ts';

const maxDownloadBytes = 20 * 1024 * 1024;
const tooBigMessage =
  'files over 20 MB cannot be fetched from Telegram: ask the customer to send it another way';

const TelegramFile = z.object({
  file_id: z.string(),
  file_size: z.number().int().optional(),
  file_path: z.string().min(1),
});

/**
 * Downloads an inbound file: `getFile` → `GET /file/bot<token>/<file_path>`. Files over 20 MB cannot be
 * downloaded through the cloud Bot API → `TELEGRAM_FILE_TOO_BIG`, not retryable. The download is guarded
 * (`fetchProviderMedia`): only the configured API root may be a private address, 20 MB at most.
 */
export async function fetchTelegramMedia(target: TelegramApiTarget, media: MediaRef): Promise<FetchedMedia> {
  if (media.size !== null && media.size > maxDownloadBytes) {
    throw new ChannelError('TELEGRAM_FILE_TOO_BIG', tooBigMessage, { retryable: false });
  }
  const answer = await callTelegramApi(target, 'getFile', { file_id: media.providerRef });
  if (!answer.ok) throw toTelegramChannelError(answer, 'getFile');
  const file = TelegramFile.safeParse(answer.result);
  if (!file.success) {
    throw new ChannelError('TELEGRAM_UNAVAILABLE', 'Telegram answered getFile without a file_path', {
      retryable: true,
    });
  }
  const path = file.data.file_path.split('/').map(encodeURIComponent).join('/');
  let res: ProviderMediaResponse;
  try {
    res = await fetchProviderMedia(`${target.apiRoot.replace(/\/+$/, '')}/file/bot${target.token}/${path}`, {
      maxBytes: maxDownloadBytes,
      trustedOrigins: [new URL(target.apiRoot).origin],
    });
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    throw new ChannelError('TELEGRAM_UNAVAILABLE', 'Telegram file download failed: network error', {
      retryable: true,
    });
  }
  if (res.status < 200 || res.status >= 300) {
    const retryable = res.status >= 500 || res.status === 429;
    throw new ChannelError('TELEGRAM_FILE_UNAVAILABLE', `Telegram file download failed: HTTP ${res.status}`, {
      retryable,
    });
  }
  const { bytes } = res;
  return {
    bytes,
    filename: media.filename ?? file.data.file_path.split('/').pop() ?? 'file',
    contentType: media.contentType,
  };
}
