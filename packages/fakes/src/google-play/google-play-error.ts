/** What the fake answers on one route: an HTTP status, a JSON body and extra headers. */
export interface GooglePlayFakeAnswer {
  httpStatus: number;
  body: unknown;
  headers?: Record<string, string>;
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const defaultReasons: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  429: 'rateLimitExceeded',
  500: 'backendError',
  503: 'backendError',
};

/**
 * An error in Google's JSON format: `{"error":{"code","message","status","errors":[{"message","domain","reason"}]}}`.
 *
 * @example googlePlayError(503, 'The service is currently unavailable.') // { httpStatus: 503, body: { error: { code: 503, status: 'UNAVAILABLE', … } } }
 */
export function googlePlayError(
  httpStatus: number,
  message: string,
  options: { status?: string; reason?: string; headers?: Record<string, string> } = {},
): GooglePlayFakeAnswer {
  const reason = options.reason ?? defaultReasons[httpStatus] ?? 'unknown';
  return {
    httpStatus,
    body: {
      error: {
        code: httpStatus,
        message,
        status: options.status ?? statusNames[httpStatus] ?? 'UNKNOWN',
        errors: [{ message, domain: 'global', reason }],
      },
    },
    ...(options.headers ? { headers: options.headers } : {}),
  };
}
