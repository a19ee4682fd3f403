import type { CaseSummary } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { summarizeCase } from './case-dto.ts';
import { loadVisibleCase } from './case-visibility.ts';
import { publishCase } from './publish-case.ts';

/**
 * Reopen a resolved case, assigned to the actor (idempotent). 409 when the customer already has another
 * open case (at most one open case per customer), or when the case was merged into another.
 */
export async function reopenCase(deps: CaseDeps, actor: Actor, caseId: number): Promise<CaseSummary> {
  return deps.store.write(async (tx) => {
    const before = await loadVisibleCase(tx.db, actor, caseId);
    if (before.status !== 'resolved') return summarizeCase(deps, tx.db, before);
    // A case emptied by a customer merge stays closed: its messages live on in the case it points at.
    if (before.merged_into_case_id !== null) {
      throw new AppError(
        'CONFLICT',
        `case #${before.id} was merged into case #${before.merged_into_case_id}: continue there`,
        { details: { mergedIntoCaseId: before.merged_into_case_id } },
      );
    }
    const other = await tx.db
      .selectFrom('cases')
      .select('id')
      .where('customer_id', '=', before.customer_id)
      .where('status', '<>', 'resolved')
      .executeTakeFirst();
    if (other) {
      throw new AppError('CONFLICT', `the customer already has open case #${other.id}: continue there`, {
        details: { openCaseId: other.id },
      });
    }
    const now = deps.clock.now().toISOString();
    const row = await tx.db
      .updateTable('cases')
      .set({ status: 'assigned', assignee_id: actor.id, resolved_at: null, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.audit.record(tx, actor.id, 'case.reopen', 'case', row.id, {});
    return publishCase(deps, tx, row);
  });
}
