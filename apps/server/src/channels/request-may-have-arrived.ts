/**
 * Network failures that happen before a request leaves: nothing reached the provider, so a retry cannot
 * duplicate anything (connection refused, no route, name not resolved, connect timeout).
 */
const beforeSending = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a failed `fetch` may still have been carried out by the provider: true for a timeout or a reset
 * while waiting for the answer (the answer was lost), false when the connection never came up.
 *
 * @example requestMayHaveArrived(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })) // false
 */
export function requestMayHaveArrived(error: unknown): boolean {
  return !beforeSending.has(networkCode(error) ?? '');
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string' && beforeSending.has(code)) return code;
    // Happy-eyeballs connects fail with an AggregateError of one error per address.
    const errors: unknown = Reflect.get(current, 'errors');
    if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => !requestMayHaveArrived(e))) {
      return 'ECONNREFUSED';
    }
    current = Reflect.get(current, 'cause');
  }
  return undefined;
}
