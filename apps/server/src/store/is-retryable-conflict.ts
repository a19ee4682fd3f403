/**
 * PostgreSQL's unique_violation, serialization_failure and deadlock_detected: the unit that hit one can
 * simply run again (units read before they insert, so a re-run finds the winner's row).
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}
