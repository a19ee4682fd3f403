import { readFile } from 'node:fs/promises';
import { ChannelError } from '../lib/errors.ts';
import type { OutboundMessage } from './channel-adapter.ts';

/**
 * The bytes of an outbound attachment for an upload to a provider: refused (not retryable) above the
 * provider's size limit, or when the stored file cannot be read.
 * Errors are `<PREFIX>_FILE_TOO_BIG` and `<PREFIX>_ATTACHMENT_UNREADABLE`.
 */
export async function readOutboundAttachment(
  attachment: OutboundMessage['attachments'][number],
  provider: { name: string; codePrefix: string; maxMb: number },
): Promise<Buffer> {
  if (attachment.size > provider.maxMb * 1024 * 1024) {
    throw new ChannelError(
      `${provider.codePrefix}_FILE_TOO_BIG`,
      `${attachment.filename}: files over ${provider.maxMb} MB cannot be sent to ${provider.name}`,
      { retryable: false },
    );
  }
  try {
    return await readFile(attachment.path);
  } catch (error) {
    throw new ChannelError(
      `${provider.codePrefix}_ATTACHMENT_UNREADABLE`,
      `${attachment.filename}: the stored file cannot be read`,
      { retryable: false, cause: error },
    );
  }
}
