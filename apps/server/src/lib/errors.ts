/**
 * The catalogue of stable error codes. Clients switch on `code`, never on the message text.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_SESSION_EXPIRED: 401,
  CHAT_TOKEN_INVALID: 401,
  CHAT_IDENTITY_INVALID: 401,
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_MALFORMED: 400,
  WEBHOOK_VERIFY_REFUSED: 403,
  CSRF_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  ENTRY_POINT_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  OPERATOR_NOT_FOUND: 404,
  QUEUE_NOT_FOUND: 404,
  CHANNEL_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 404,
  CHANNEL_CONNECT_FAILED: 422,
  BUTTONS_NOT_SUPPORTED: 422,
  CONFLICT: 409,
  OPERATOR_EXISTS: 409,
  CASE_RESOLVED: 409,
  REPLY_WINDOW_CLOSED: 409,
  IDEMPOTENCY_MISMATCH: 409,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  AUTH_RATE_LIMITED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  STORE_UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCatalogue;

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

  constructor(
    code: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}
