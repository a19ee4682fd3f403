/** SQLSTATEs of a database that is going away or not taking connections (class 08, shutdown, overload). */
const unavailableStates = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Socket errors of a connection that could not be made or broke. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres says when a connection ends under a query or cannot be had in time. */
const driverMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Client was closed and is not queryable',
  'the store did not answer in time',
];

/**
 * Whether an error means the database is away (connection refused, dropped, terminated, restarting)
 * rather than a problem with the statement: the caller may try again later, nothing was wrong with the
 * request. Looks through `cause` chains.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    if (code && (unavailableStates.has(code) || socketCodes.has(code))) return true;
    if (driverMessages.some((m) => e instanceof Error && e.message.includes(m))) return true;
    e = e.cause;
  }
  return false;
}
