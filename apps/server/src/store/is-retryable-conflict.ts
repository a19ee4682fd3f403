/**
 * PostgreSQL's unique_violation, serialization_failure and deadlock_detected: the unit that hit one can
 * simply run again (units read before they insert, so a re-run finds the winner's row).
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}

/**
 * A race the domain notices itself, retried like PostgreSQL's serialization failure (it carries its code):
 * e.g. an inbound message read its customer's open case just before a committed merge closed that case.
 * Run again, the unit reads the state after the winner.
 */
export class RaceLostError extends Error {
  readonly code = '40001';

  constructor(message: string) {
    super(message);
    this.name = 'RaceLostError';
  }
}
