import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';

/** What nodemailer puts on an SMTP failure (`code` like ECONNECTION/EAUTH, the server's reply and its code). */
const SmtpFailure = z.object({
  code: z.string().optional(),
  responseCode: z.number().optional(),
  response: z.string().optional(),
});

/** Codes of failures reaching the SMTP server at all: worth retrying. */
const networkCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);
/** Of those, the ones that can strike after the mail was handed over (its answer lost): the server may have it. */
const lostAnswerCodes = new Set(['ETIMEDOUT', 'ESOCKET', 'ECONNRESET']);

/**
 * Nodemailer's SMTP errors as channel errors: 4xx replies (greylisting, 421/450/451/452 throttling) and
 * network failures are retried; 5xx replies are permanent with the server's own words for the operator.
 */
export function toEmailChannelError(error: unknown): ChannelError {
  const failure = SmtpFailure.safeParse(error);
  const { code, responseCode } = failure.success ? failure.data : {};
  const response =
    (failure.success ? failure.data.response : undefined) ??
    (error instanceof Error ? error.message : String(error));
  if (code === 'EAUTH') {
    return new ChannelError(
      'SMTP_AUTH_FAILED',
      `the SMTP server rejected the login (${response}): re-enter the SMTP password in Channel settings`,
      { retryable: false, cause: error },
    );
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return new ChannelError('SMTP_TEMPORARY', `the SMTP server said: ${response}`, {
      retryable: true,
      // 421: the server throttles this connection (Gmail, M365): hold the whole account for a minute. A 45x is
      // about this mail (greylisting, a full mailbox): the usual backoff retries it.
      ...(responseCode === 421 ? { retryAfterMs: 60_000 } : {}),
      cause: error,
    });
  }
  if (responseCode !== undefined && responseCode >= 500) {
    return new ChannelError('SMTP_REJECTED', `the SMTP server refused the mail: ${response}`, {
      retryable: false,
      cause: error,
    });
  }
  if (code !== undefined && networkCodes.has(code)) {
    return new ChannelError('SMTP_UNREACHABLE', `cannot reach the SMTP server: ${response}`, {
      retryable: true,
      uncertain: lostAnswerCodes.has(code),
      cause: error,
    });
  }
  return new ChannelError('SMTP_FAILED', response, { retryable: true, cause: error });
}
