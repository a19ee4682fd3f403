/** Error codes of a write refused for want of space: the file system (ENOSPC, EDQUOT) or SQLite (SQLITE_FULL). */
const fullCodes = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/**
 * Whether an error means the disk (or the quota) is full, rather than a problem with the request: the
 * caller answers 507 and nothing is half-stored (SQLite rolls the unit back; a partial file is removed).
 * Looks through `cause` chains.
 */
export function isStorageFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if ('code' in e && typeof e.code === 'string' && fullCodes.has(e.code)) return true;
    e = e.cause;
  }
  return false;
}
