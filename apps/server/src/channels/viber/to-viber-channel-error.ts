import { ChannelError } from '../../lib/errors.ts';
import type { ViberCallResult } from './call-viber-api.ts';

type ViberFailure = Extract<ViberCallResult, { ok: false }>;

export const tokenRejectedMessage = 'auth token rejected by Viber: re-enter it in Channel settings';

/** Viber's quotas are per hour (100 messages per user without a reply): retry a minute later. */
const rateLimitRetryMs = 60_000;

/**
 * Classifies a non-zero Viber `status` (docs/channels.md: Viber): 12 tooManyRequests → retryable after a minute;
 * a rejected token, an unsubscribed customer, bad data and everything else → permanent, with a message the
 * operator can act on.
 */
export function toViberChannelError(failure: ViberFailure, method: string): ChannelError {
  const { status, statusMessage } = failure;
  switch (status) {
    case 2:
      return new ChannelError('VIBER_TOKEN_REJECTED', tokenRejectedMessage, { retryable: false });
    case 5:
    case 6:
      return new ChannelError(
        'VIBER_NOT_SUBSCRIBED',
        `the customer is not subscribed to the bot: they must write to it first (Viber: ${statusMessage})`,
        { retryable: false },
      );
    case 12:
      return new ChannelError(
        'VIBER_RATE_LIMITED',
        `Viber rate limit hit (${method}): ${statusMessage}; at most 100 messages per customer per hour without a reply`,
        { retryable: true, retryAfterMs: rateLimitRetryMs },
      );
    case 1:
      return new ChannelError(
        'VIBER_WEBHOOK_REJECTED',
        `Viber could not call the webhook (${statusMessage}): it must be public HTTPS answering 200 — check PUBLIC_URL`,
        { retryable: false },
      );
    case 3:
    case 4:
      return new ChannelError('VIBER_BAD_REQUEST', `Viber rejected ${method}: ${statusMessage}`, {
        retryable: false,
      });
    case 23:
    case 24:
      return new ChannelError(
        'VIBER_NO_QUOTA',
        `Viber refused a message outside the 24 h session (${statusMessage}): check the bot's billing`,
        { retryable: false },
      );
    default:
      return new ChannelError(
        'VIBER_REJECTED',
        `Viber refused ${method}: ${statusMessage} (status ${status})`,
        {
          retryable: false,
        },
      );
  }
}
