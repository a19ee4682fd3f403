import type { CaseSummary, Operator } from '@frontline/shared';

/**
 * Whether `me` may still see the case (the server's visibility rule): supervisors and admins see every case,
 * an operator the cases of their queues and the ones assigned to them. A case transferred away from an
 * operator's queues leaves their lists.
 */
export function canSeeCase(me: Pick<Operator, 'id' | 'role' | 'queueIds'>, c: CaseSummary): boolean {
  if (me.role !== 'operator') return true;
  return c.assigneeId === me.id || me.queueIds.includes(c.queueId);
}
