/** Error codes the SDK raises itself; server codes (e.g. `CHAT_IDENTITY_INVALID`) pass through as given. */
export type ChatClientErrorCode =
  | 'CHAT_NETWORK'
  | 'CHAT_BAD_RESPONSE'
  | 'CHAT_NOT_STARTED'
  | 'CHAT_CLOSED'
  | 'CHAT_ATTACHMENT_TOO_LARGE'
  | 'CHAT_ATTACHMENT_TYPE';

/**
 * Any failure of the chat client. `status` is the HTTP status (0 when the network failed);
 * `retryable` says whether the same call may succeed later (after `retryAfterMs` when given).
 */
export class ChatError extends Error {
  override readonly name = 'ChatError';

  constructor(
    readonly code: ChatClientErrorCode | (string & {}),
    message: string,
    readonly status = 0,
    readonly retryable = false,
    options?: { cause?: unknown; retryAfterMs?: number; details?: unknown },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
    this.details = options?.details;
  }

  /** The server's `error.details` as sent, unvalidated (e.g. `[{field, problem}]` for `PRE_CHAT_INVALID`). */
  readonly details: unknown;

  /** With `RATE_LIMITED` (429) or `STORE_UNAVAILABLE` (503): how long to wait before the same call may succeed. */
  readonly retryAfterMs: number | undefined;
}
