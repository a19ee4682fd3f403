/**
 * A network failure of `fetch` in a few words, without the request (its headers hold a bearer token).
 *
 * @example describeFetchError(error) // 'ECONNREFUSED'
 */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}
