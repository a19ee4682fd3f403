import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { OperatorAudience } from './event-writer.ts';

/**
 * The one place operator-event audiences are spelled. An event about a case goes to the case's queue and
 * its assignee (`caseAudience`); after a transfer the previous queue and the previous assignee are told
 * too (`queueAudience`, `assigneeAudience`); an event about an operator goes to that operator
 * (`operatorAudience`). The visibility rule that reads these back is in modules/cases/case-visibility.ts.
 */
export function caseAudience(row: Pick<CaseRow, 'id' | 'queue_id' | 'assignee_id'>): OperatorAudience {
  return { caseId: row.id, queueId: row.queue_id, operatorId: row.assignee_id };
}

/** The members of a queue the case was in (e.g. before a transfer), not its assignee. */
export function queueAudience(caseId: number, queueId: number): OperatorAudience {
  return { caseId, queueId, operatorId: null };
}

/** One operator about a case, wherever the case now sits (e.g. the assignee who gave it up). */
export function assigneeAudience(caseId: number, operatorId: number): OperatorAudience {
  return { caseId, queueId: null, operatorId };
}

/** The supervisors and admins, about a case of `queueId` (an escalation): no queue member, no assignee. */
export function staffAudience(caseId: number, queueId: number): OperatorAudience {
  return { caseId, queueId, operatorId: null };
}

/** One operator, about themselves (presence, disabled): no case. */
export function operatorAudience(operatorId: number): OperatorAudience {
  return { queueId: null, operatorId };
}

/** The audience of the case `caseId` as it is now in `tx` (for events that carry only the case id). */
export async function loadCaseAudience(tx: Tx, caseId: number): Promise<OperatorAudience> {
  const row = await tx.db
    .selectFrom('cases')
    .select(['id', 'queue_id', 'assignee_id'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return caseAudience(row);
}
