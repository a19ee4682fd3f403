/**
 * A failed API call. `code` is the server's stable error code (`AUTH_INVALID_CREDENTIALS`, …),
 * `NETWORK` when the server could not be reached, or `HTTP_<status>` when the body had no code.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's `error.details` as sent (e.g. `[{ path, message }]` for `VALIDATION_FAILED`); unvalidated. */
  readonly details: unknown;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
  }
}
