import type { CaseSummary } from '@frontline/shared';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { caseAudience, queueAudience } from '../events/case-audience.ts';
import type { CaseDeps } from './case-deps.ts';
import { summarizeCase } from './case-dto.ts';

/** Publish `case.updated` to the case's queue and assignee (and to a previous queue after a transfer). */
export async function publishCase(
  deps: Pick<CaseDeps, 'channels' | 'events'>,
  tx: Tx,
  row: CaseRow,
  previousQueueId?: number,
): Promise<CaseSummary> {
  const summary = await summarizeCase(deps, tx.db, row);
  const event = { type: 'case.updated', case: summary } as const;
  await deps.events.toOperators(tx, event, caseAudience(row));
  if (previousQueueId !== undefined && previousQueueId !== row.queue_id) {
    await deps.events.toOperators(tx, event, queueAudience(row.id, previousQueueId));
  }
  return summary;
}
