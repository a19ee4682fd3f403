import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { OutboundMessage, SendResult } from '../channel-adapter.ts';
import { callViberApi, type ViberApiTarget } from './call-viber-api.ts';
import { splitMessageText } from '../split-message-text.ts';
import { toViberChannelError } from './to-viber-channel-error.ts';
import { toViberKeyboard } from './to-viber-keyboard.ts';
import { viberSharePhoneKeyboard, viberSharePhoneTrackingData } from './viber-share-phone.ts';
import { ViberToken } from './viber-callback-schema.ts';
import type { ViberConfig } from './viber-config.ts';

/** Plain text and reply-button keyboards need nothing newer; a share-phone keyboard needs 3. */
const minApiVersion = 1;
const sharePhoneApiVersion = 3;

const Sent = z.object({ message_token: ViberToken });

/**
 * Delivers one outbound message with `send_message`: text in parts of ≤ 7000 characters, quick-reply
 * buttons as a reply keyboard on the last part (`toViberKeyboard`); a phone request as the share-phone
 * keyboard with its `tracking_data` marker on the last part (`viberSharePhoneKeyboard`). Returns the exact decimal
 * `message_token` of the last part (read from the raw answer, never through `JSON.parse`).
 *
 * Attachments are NOT delivered: Viber takes media only as a public URL it downloads itself (no upload API),
 * and Frontline's file URLs are not reachable from Viber's cloud. Each file becomes a visible notice
 * "📎 <name> (files cannot be sent to Viber from here)" in the text, so the customer and the operator's
 * timeline both say the file did not go.
 */
export async function sendViberMessage(
  target: ViberApiTarget,
  config: ViberConfig,
  message: OutboundMessage,
): Promise<SendResult> {
  const notices = message.attachments.map(
    (a) => `📎 ${a.filename} (files cannot be sent to Viber from here)`,
  );
  const text = [message.text, ...notices].filter((t) => t.length > 0).join('\n');
  if (text.trim() === '') {
    throw new ChannelError(
      'VIBER_BAD_REQUEST',
      'nothing to send: the message has no text and no attachments',
      {
        retryable: false,
      },
    );
  }
  const sender = {
    name: config.senderName,
    ...(config.senderAvatar === undefined ? {} : { avatar: config.senderAvatar }),
  };
  const keyboard =
    message.buttons && message.buttons.length > 0
      ? { keyboard: toViberKeyboard(message.buttons) }
      : message.phoneRequest
        ? {
            keyboard: viberSharePhoneKeyboard(message.phoneRequest.label),
            tracking_data: viberSharePhoneTrackingData,
          }
        : {};
  const apiVersion = message.phoneRequest && !message.buttons?.length ? sharePhoneApiVersion : minApiVersion;
  const parts = splitMessageText(text, 7000);
  let last: string | null = null;
  for (const [index, part] of parts.entries()) {
    const answer = await callViberApi(
      target,
      'send_message',
      {
        receiver: message.recipientExternalId,
        min_api_version: index === parts.length - 1 ? apiVersion : minApiVersion,
        sender,
        type: 'text',
        text: part,
        ...(index === parts.length - 1 ? keyboard : {}),
      },
      { signal: message.signal },
    );
    if (!answer.ok) throw toViberChannelError(answer, 'send_message');
    const sent = Sent.safeParse(answer.body);
    if (!sent.success) {
      throw new ChannelError('VIBER_UNAVAILABLE', 'Viber answered send_message without a message_token', {
        retryable: true,
      });
    }
    last = sent.data.message_token;
  }
  return { externalId: last ?? '' };
}
