import type { OperatorEvent } from '@frontline/shared';

/**
 * Whether a realtime event announces a case this operator should be alerted about:
 * a case id never seen before that is waiting in a queue or assigned to them.
 */
export function isNewCaseAlert(
  event: OperatorEvent,
  knownCaseIds: ReadonlySet<number>,
  meId: number,
): boolean {
  if (event.type !== 'case.updated') return false;
  const c = event.case;
  if (knownCaseIds.has(c.id)) return false;
  return c.status === 'queued' || (c.status === 'assigned' && c.assigneeId === meId);
}
