import { errorCatalogue, type ErrorCode } from '@frontline/shared';

// The catalogue lives in packages/shared so the workspace can prove it has a text for every code.
export { errorCatalogue, type ErrorCode };

/** One error type for the whole server: a stable `code`, the HTTP status it maps to, a cause. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code];
    this.details = options.details;
  }
}

/**
 * A channel said no or could not be reached. `retryable` drives the outbox dispatcher:
 * throttled and transient errors are retried with backoff (`retryAfterMs` when the provider says),
 * permanent ones mark the message failed with the reason shown to the operator.
 */
export class ChannelError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /**
   * The request was sent but its answer was lost (a timeout or reset while waiting): the provider may have
   * carried it out. A send that is not idempotent is then repeated at most once.
   */
  readonly uncertain: boolean;

  constructor(
    code: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; uncertain?: boolean; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.uncertain = options.uncertain ?? false;
  }
}
