import { ChannelError } from '../../lib/errors.ts';

/** Codes of failures reaching the SMTP server at all: worth retrying. */
const networkCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * Nodemailer's SMTP errors as channel errors: 4xx replies (greylisting, 421/450/451/452 throttling) and
 * network failures are retried; 5xx replies are permanent with the server's own words for the operator.
 */
export function toEmailChannelError(error: unknown): ChannelError {
  const code = readString(error, 'code');
  const responseCode = readNumber(error, 'responseCode');
  const response = readString(error, 'response') ?? (error instanceof Error ? error.message : String(error));
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
      cause: error,
    });
  }
  return new ChannelError('SMTP_FAILED', response, { retryable: true, cause: error });
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const v: unknown = (value as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

function readNumber(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const v: unknown = (value as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : undefined;
}
