import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { ChannelHealth } from '../channel-adapter.ts';
import { callGraphApi, type GraphTarget } from './call-graph-api.ts';
import { toWhatsAppChannelError } from './to-whatsapp-channel-error.ts';

const PhoneNumber = z.object({
  id: z.string(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});

/**
 * Looks the business number up (`GET /{phone-number-id}`): proves the token works and the id is right.
 * Throws `ChannelError` (401 → `WHATSAPP_TOKEN_REJECTED`, not retryable); `connect` lets it propagate,
 * `health` turns it into an unhealthy report. The webhook itself is configured in the Meta App dashboard
 * (callback URL + verify token): the detail says where.
 */
export async function checkWhatsAppNumber(
  target: GraphTarget,
  phoneNumberId: string,
  webhookUrl: string,
): Promise<ChannelHealth> {
  const answer = await callGraphApi(
    target,
    `${phoneNumberId}?fields=display_phone_number,verified_name,quality_rating`,
  );
  if (!answer.ok) throw toWhatsAppChannelError(answer, 'phone number lookup');
  const number = PhoneNumber.safeParse(answer.body);
  if (!number.success || number.data.id !== phoneNumberId) {
    throw new ChannelError(
      'WHATSAPP_BAD_REQUEST',
      `WhatsApp does not describe phone number id ${phoneNumberId}`,
      {
        retryable: false,
      },
    );
  }
  const { display_phone_number: display, verified_name: name, quality_rating: quality } = number.data;
  const facts = [
    `number ${display ?? phoneNumberId}${name ? ` (${name})` : ''} reachable`,
    ...(quality ? [`quality_rating=${quality}`] : []),
    `webhook callback URL to set in the Meta app: ${webhookUrl}`,
  ];
  return { ok: true, detail: facts.join('; ') };
}
