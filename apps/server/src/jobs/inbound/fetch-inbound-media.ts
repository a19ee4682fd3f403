import type { MessageNotice } from '@frontline/shared';
import type { InboundEvent } from '../../channels/channel-adapter.ts';
import { noticeLine } from '../../channels/notice-line.ts';
import { AppError, ChannelError } from '../../lib/errors.ts';
import type { ChannelAccount } from '../../modules/channels/channel-accounts.ts';
import type { StoredAttachment } from '../../modules/views.ts';
import type { InboundDeps } from './inbound-deps.ts';

/** Files customers may send through messengers (checked on the sniffed bytes). */
export const channelMediaLimits = {
  maxBytes: 50 * 1024 * 1024,
  allowedTypes: [
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'text/plain',
    'text/calendar',
    'audio/ogg',
    'audio/mpeg',
    'audio/mp4',
    'audio/x-m4a',
    'video/mp4',
    'video/quicktime',
    'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/msword',
    'application/x-cfb',
  ],
} as const;

/** A message's text (with a line per file that could not be kept), its stored files and its notices. */
export interface InboundMedia {
  text: string;
  attachments: StoredAttachment[];
  notices: MessageNotice[];
}

/**
 * Fetch every referenced file. A transient failure throws (the raw event is retried later, nothing is
 * stored half); a permanent one (too big, not allowed) keeps the message with a visible note instead.
 */
export async function fetchInboundMedia(
  deps: Pick<InboundDeps, 'adapters' | 'attachments'>,
  account: ChannelAccount,
  event: Extract<InboundEvent, { type: 'message' }>,
): Promise<InboundMedia> {
  const adapter = deps.adapters[account.kind];
  const attachments: StoredAttachment[] = [];
  const notes: string[] = [];
  const notices: MessageNotice[] = [...(event.notices ?? [])];
  const failed = (filename: string, error: AppError | ChannelError) =>
    noticeLine(notices, { code: 'attachment_failed', filename, error: error.code, reason: error.message });
  const upload = (filename: string, bytes: Buffer) =>
    deps.attachments.upload({ filename, bytes, by: { channelAccountId: account.id } }, channelMediaLimits);
  for (const file of event.files ?? []) {
    try {
      attachments.push(await upload(file.filename, file.bytes));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notes.push(failed(file.filename, error));
    }
  }
  for (const ref of event.media) {
    const name = ref.filename ?? 'file';
    try {
      if (!adapter.fetchMedia)
        throw new ChannelError('MEDIA_UNSUPPORTED', 'this channel cannot fetch files', {
          retryable: false,
        });
      const media = await adapter.fetchMedia(account.context, ref);
      attachments.push(await upload(media.filename, media.bytes));
    } catch (error) {
      if (error instanceof ChannelError && error.retryable) throw error;
      if (!(error instanceof ChannelError) && !(error instanceof AppError)) throw error;
      notes.push(failed(name, error));
    }
  }
  const text = [event.text, ...notes].filter((t) => t.length > 0).join('\n');
  return { text, attachments, notices };
}
