import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';
import type { ChannelHealth } from '../channel-adapter.ts';
import { callViberApi, type ViberApiTarget } from './call-viber-api.ts';
import { toViberChannelError } from './to-viber-channel-error.ts';

const AccountInfo = z.object({
  name: z.string(),
  uri: z.string().optional(),
  webhook: z.string().optional(),
  subscribers_count: z.number().optional(),
});

/**
 * Health from `get_account_info`: healthy when Viber accepts the token and its webhook is our URL. The detail
 * names the bot and its subscriber count.
 */
export async function checkViberAccount(target: ViberApiTarget, expectedUrl: string): Promise<ChannelHealth> {
  try {
    const answer = await callViberApi(target, 'get_account_info');
    if (!answer.ok) throw toViberChannelError(answer, 'get_account_info');
    const info = AccountInfo.safeParse(answer.body);
    if (!info.success) return { ok: false, detail: 'Viber answered get_account_info without an account' };
    const facts = [`bot "${info.data.name}"`];
    if (info.data.subscribers_count !== undefined)
      facts.push(`subscribers_count=${info.data.subscribers_count}`);
    const webhook = info.data.webhook ?? '';
    if (webhook === '') {
      return {
        ok: false,
        detail: ['webhook is not set: Viber delivers nothing', ...facts].join('; '),
      };
    }
    if (webhook !== expectedUrl) {
      const detail = [
        `webhook points to ${webhook}, expected ${expectedUrl}: reconnect the channel`,
        ...facts,
      ];
      return { ok: false, detail: detail.join('; ') };
    }
    return { ok: true, detail: ['webhook set', ...facts].join('; ') };
  } catch (error) {
    if (error instanceof ChannelError) return { ok: false, detail: error.message };
    throw error;
  }
}
