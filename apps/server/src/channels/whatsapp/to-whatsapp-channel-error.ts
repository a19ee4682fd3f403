import { ChannelError } from '../../lib/errors.ts';
import type { GraphCallResult } from './call-graph-api.ts';

type GraphFailure = Extract<GraphCallResult, { ok: false }>;

export const tokenRejectedMessage =
  'access token rejected by WhatsApp (Meta): create a new system user token and re-enter it in Channel settings';
export const outsideWindowMessage =
  "more than 24 hours since the customer's last message: use an approved template, or wait for the customer to write again";

/** Throttling codes (docs/channels.md: WhatsApp): app/Graph limits, throughput, pair rate. */
const rateLimitRetryMs: Record<number, number> = { 4: 60_000, 80007: 60_000, 130429: 1000, 131056: 6000 };
/** Transient Graph codes: unknown/service errors and temporary unavailability. 131053 (media upload error) is not: it names a file WhatsApp refuses. */
const transientCodes = new Set([1, 2, 131000]);

/**
 * Classifies a Graph API error (branching on `code`, as Meta asks): throttled and transient → retryable;
 * rejected token, closed 24-hour window, undeliverable and bad requests → permanent, with a message the
 * operator can act on.
 */
export function toWhatsAppChannelError(failure: GraphFailure, operation: string): ChannelError {
  const { status, error } = failure;
  const said = `${error.message}${error.details ? ` (${error.details})` : ''}`;
  if (status === 401 || error.code === 190 || error.code === 0) {
    return new ChannelError('WHATSAPP_TOKEN_REJECTED', tokenRejectedMessage, { retryable: false });
  }
  if (error.code === 131047) {
    return new ChannelError('WHATSAPP_OUTSIDE_24H', outsideWindowMessage, { retryable: false });
  }
  const retryAfterMs = error.code === null ? undefined : rateLimitRetryMs[error.code];
  if (retryAfterMs !== undefined || status === 429) {
    const what = error.code === 131056 ? 'too many messages to this customer (pair rate)' : 'rate limit hit';
    return new ChannelError('WHATSAPP_RATE_LIMITED', `WhatsApp ${what} (${operation}): ${said}`, {
      retryable: true,
      retryAfterMs: retryAfterMs ?? 1000,
    });
  }
  if (error.code === 131026) {
    return new ChannelError(
      'WHATSAPP_UNDELIVERABLE',
      'WhatsApp cannot deliver to this number (not on WhatsApp, an old app, or the customer blocked the business)',
      { retryable: false },
    );
  }
  if (status >= 500 || error.transient || (error.code !== null && transientCodes.has(error.code))) {
    return new ChannelError('WHATSAPP_UNAVAILABLE', `WhatsApp is unavailable (${operation}): ${said}`, {
      retryable: true,
    });
  }
  return new ChannelError('WHATSAPP_BAD_REQUEST', `WhatsApp rejected ${operation}: ${said}`, {
    retryable: false,
  });
}
