import type { MessageNotice } from '@frontline/shared';
import type { InboundEvent, InboundIdentity, MediaRef } from '../channel-adapter.ts';
import { noticeLine } from '../notice-line.ts';
import {
  ViberCallbackHead,
  ViberMessageCallback,
  ViberStatusCallback,
  ViberSubscribedCallback,
  ViberUnsubscribedCallback,
  type ViberMessage,
} from './viber-callback-schema.ts';
import { viberSharePhoneTrackingData } from './viber-share-phone.ts';
import { primaryLanguage } from '../../lib/primary-language.ts';
import { normalizePhone } from '../../lib/normalize-phone.ts';

const statusOf = { delivered: 'delivered', seen: 'read', failed: 'failed' } as const;

/**
 * What one Viber callback means (pure), from the body as `readViberJson` returns it (tokens as exact decimal
 * strings). Messages are keyed by `message_token`; the sender id is per bot account. A message also marks the
 * customer reachable (their first message subscribes them without a `subscribed` callback). A shared phone is
 * attested only for the reply to our share-phone keyboard (see `viberSharePhoneTrackingData`).
 * Throws on a body that is not a Viber callback.
 *
 * @example parseViberCallback(readViberJson(body)) // [{ type: 'message', externalMessageId: '5843910012345678905', … }, …]
 */
export function parseViberCallback(body: unknown): InboundEvent[] {
  const { event } = ViberCallbackHead.parse(body);
  switch (event) {
    case 'message': {
      const callback = ViberMessageCallback.parse(body);
      const message = messageEvent(callback.message_token, callback.sender, callback.message);
      if (message.type !== 'message') return [message];
      return [
        message,
        {
          type: 'reachability',
          externalId: callback.sender.id,
          reachable: true,
          reason: 'wrote to the bot',
        },
      ];
    }
    case 'delivered':
    case 'seen':
    case 'failed': {
      const callback = ViberStatusCallback.parse(body);
      return [
        {
          type: 'status',
          externalMessageId: callback.message_token,
          status: statusOf[event],
          reason: event === 'failed' ? (callback.desc ?? 'Viber could not deliver the message') : null,
        },
      ];
    }
    case 'subscribed': {
      const { user } = ViberSubscribedCallback.parse(body);
      return [
        { type: 'reachability', externalId: user.id, reachable: true, reason: 'subscribed to the bot' },
      ];
    }
    case 'unsubscribed': {
      const callback = ViberUnsubscribedCallback.parse(body);
      return [
        {
          type: 'reachability',
          externalId: callback.user_id,
          reachable: false,
          reason: 'unsubscribed from the bot',
        },
      ];
    }
    case 'conversation_started':
      // The customer opened the chat but has not written (nor subscribed): no case yet, no welcome message.
      return [ignored('conversation_started', 'conversation started without a message')];
    case 'webhook':
      return [ignored('webhook_check', 'webhook check by set_webhook')];
    default:
      return [ignored('unsupported_event', `unsupported event ${event}`)];
  }
}

function messageEvent(
  token: string,
  sender: { id: string; name?: string | null | undefined; language?: string | null | undefined },
  message: ViberMessage,
): InboundEvent {
  const language = primaryLanguage(sender.language);
  const identity: InboundIdentity = {
    externalId: sender.id,
    displayName: sender.name?.trim() || null,
    verifiedBy: null,
  };
  const lines: string[] = [];
  const notices: MessageNotice[] = [];
  const media: MediaRef[] = [];
  const size = toSize(message.size);
  switch (message.type) {
    case 'text':
      if (message.text) lines.push(message.text);
      break;
    case 'picture':
      if (message.text) lines.push(message.text);
      if (message.media) {
        const filename = message.file_name || `picture-${token}.jpg`;
        media.push({ providerRef: message.media, filename, contentType: imageType(filename), size });
      }
      break;
    case 'video':
      if (message.text) lines.push(message.text);
      if (message.media) {
        const filename = message.file_name || `video-${token}.mp4`;
        media.push({ providerRef: message.media, filename, contentType: 'video/mp4', size });
      }
      break;
    case 'file':
      if (message.media) {
        const filename = message.file_name || `file-${token}`;
        media.push({ providerRef: message.media, filename, contentType: null, size });
      }
      break;
    case 'sticker':
      lines.push(
        noticeLine(notices, {
          code: 'sticker',
          label:
            message.sticker_id === undefined || message.sticker_id === null
              ? null
              : String(message.sticker_id),
        }),
      );
      break;
    case 'location':
      if (message.location) {
        const { lat, lon, address } = message.location;
        const place = address || null;
        lines.push(noticeLine(notices, { code: 'location', latitude: lat, longitude: lon, place }));
      }
      break;
    case 'url':
      if (message.media) lines.push(message.media);
      else if (message.text) lines.push(message.text);
      break;
    case 'contact': {
      const phone = message.contact?.phone_number;
      if (!phone) break;
      const e164 = normalizePhone(phone, 'international');
      if (message.tracking_data === viberSharePhoneTrackingData && e164 !== null) {
        identity.contactPoints = [{ kind: 'phone', value: e164, attestedBy: 'viber-share-phone' }];
        lines.push(noticeLine(notices, { code: 'phone_shared', phone: e164 }));
      } else {
        const name = message.contact?.name ?? '';
        lines.push(noticeLine(notices, { code: 'contact', name, phones: [phone] }));
      }
      break;
    }
    default:
      // Nothing is dropped unseen: the operator learns the customer wrote, as with WhatsApp's unsupported type.
      lines.push(noticeLine(notices, { code: 'unsupported_type', channel: 'viber', type: message.type }));
      break;
  }
  const text = lines.join('\n');
  if (text === '' && media.length === 0)
    return ignored('no_content', `${message.type} message without content`);
  return {
    type: 'message',
    externalMessageId: token,
    identity,
    text,
    media,
    ...(notices.length > 0 ? { notices } : {}),
    edited: false,
    ...(language ? { language } : {}),
  };
}

function toSize(size: number | string | null | undefined): number | null {
  const n = Number(size);
  return size === undefined || size === null || !Number.isSafeInteger(n) || n < 0 ? null : n;
}

function imageType(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = { png: 'image/png', gif: 'image/gif', webp: 'image/webp' };
  return types[ext] ?? 'image/jpeg';
}

const ignored = (code: string, reason: string): InboundEvent => ({ type: 'ignored', reason, code });
