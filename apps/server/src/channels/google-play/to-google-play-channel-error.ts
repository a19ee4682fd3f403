import { z } from 'zod';
import { ChannelError } from '../../lib/errors.ts';

/** Google's JSON error: `{"error":{"code","message","status","errors":[{"reason","message"}]}}`. */
const GoogleErrorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});

/** A non-2xx answer of the Google Play Developer API. */
export interface GooglePlayFailure {
  httpStatus: number;
  /** The parsed body (undefined when not JSON). */
  body: unknown;
  /** The `Retry-After` header, when sent. */
  retryAfter: string | null;
}

/** What was being done, for messages: `what` ("reply to review gp:…"), the package and service account. */
export interface GooglePlayCallContext {
  what: string;
  packageName: string;
  clientEmail: string;
}

/** Google's quotas are hourly (GET) and daily (reply): without `Retry-After`, try again in a minute. */
const defaultRetryAfterMs = 60_000;
const quotaReasons = ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded'];

/**
 * Classifies an API error (docs/channels.md: Google Play): 429 or 403 `rateLimitExceeded`/RESOURCE_EXHAUSTED →
 * `GOOGLE_PLAY_QUOTA` (retryable, `retryAfterMs`); 5xx → `GOOGLE_PLAY_UNAVAILABLE` (retryable); 401 →
 * `GOOGLE_PLAY_UNAUTHENTICATED`; 403 → `GOOGLE_PLAY_PERMISSION_DENIED`; 404 → `GOOGLE_PLAY_NOT_FOUND`;
 * 400 → `GOOGLE_PLAY_BAD_REQUEST`; others `GOOGLE_PLAY_REJECTED` — all permanent, with Google's message
 * and what the admin can do.
 */
export function toGooglePlayChannelError(
  failure: GooglePlayFailure,
  context: GooglePlayCallContext,
): ChannelError {
  const parsed = GoogleErrorBody.safeParse(failure.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const google = error?.message ?? `HTTP ${failure.httpStatus}`;
  const reasons = (error?.errors ?? []).map((e) => e.reason ?? '');
  const { what, packageName, clientEmail } = context;
  const quota =
    failure.httpStatus === 429 ||
    error?.status === 'RESOURCE_EXHAUSTED' ||
    (failure.httpStatus === 403 && reasons.some((r) => quotaReasons.includes(r)));
  if (quota) {
    return new ChannelError('GOOGLE_PLAY_QUOTA', `Google Play quota exceeded (${what}): ${google}`, {
      retryable: true,
      retryAfterMs: retryAfterMs(failure.retryAfter),
    });
  }
  if (failure.httpStatus >= 500) {
    return new ChannelError(
      'GOOGLE_PLAY_UNAVAILABLE',
      `Google Play could not be reached (${what}): HTTP ${failure.httpStatus} ${google}`,
      { retryable: true },
    );
  }
  switch (failure.httpStatus) {
    case 401:
      return new ChannelError(
        'GOOGLE_PLAY_UNAUTHENTICATED',
        `Google rejected the credentials of ${clientEmail} (${what}): ${google} — re-enter the service account JSON key in Channel settings`,
        { retryable: false },
      );
    case 403:
      return new ChannelError(
        'GOOGLE_PLAY_PERMISSION_DENIED',
        `Google Play refused ${what}: ${google} — in Play Console (Users and permissions) give ${clientEmail} access to ${packageName} with "Reply to reviews"; changes can take a while to apply`,
        { retryable: false },
      );
    case 404:
      return new ChannelError('GOOGLE_PLAY_NOT_FOUND', `Google Play found nothing for ${what}: ${google}`, {
        retryable: false,
      });
    case 400:
      return new ChannelError('GOOGLE_PLAY_BAD_REQUEST', `Google Play rejected ${what}: ${google}`, {
        retryable: false,
      });
    default:
      return new ChannelError(
        'GOOGLE_PLAY_REJECTED',
        `Google Play refused ${what}: HTTP ${failure.httpStatus} ${google}`,
        { retryable: false },
      );
  }
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultRetryAfterMs;
}
