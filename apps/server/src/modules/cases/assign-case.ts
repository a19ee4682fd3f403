import type { CaseSummary } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import { assigneeAudience } from '../events/case-audience.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { loadVisibleCase } from './case-visibility.ts';
import { drainForOperator } from './drain-queue.ts';
import { publishCase } from './publish-case.ts';
import { requireOperator } from './require-operator.ts';

/** Assign to an operator (or unassign with null): the case goes back to its queue and is re-routed. */
export async function assignCase(
  deps: CaseDeps,
  actor: Actor,
  caseId: number,
  operatorId: number | null,
): Promise<CaseSummary> {
  return deps.store.write(async (tx) => {
    let row = await loadVisibleCase(tx.db, actor, caseId);
    if (row.status === 'resolved')
      throw new AppError('CASE_RESOLVED', 'the case is resolved: reopen it first');
    if (actor.role === 'operator' && operatorId !== null && operatorId !== actor.id) {
      throw new AppError('FORBIDDEN', 'operators can only take cases themselves; use transfer');
    }
    const now = deps.clock.now().toISOString();
    const previousAssignee = row.assignee_id;
    if (operatorId === null) {
      row = await tx.db
        .updateTable('cases')
        .set({ assignee_id: null, status: 'queued', updated_at: now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // Back to the queue: someone else may take it at once; never straight back to who gave it up.
      row = await deps.router.route(tx, row, now, { exclude: previousAssignee });
    } else {
      await requireOperator(tx, operatorId);
      row = await deps.router.assign(tx, row, operatorId, now);
    }
    await deps.audit.record(tx, actor.id, 'case.assign', 'case', row.id, {
      from: previousAssignee,
      to: row.assignee_id,
    });
    const summary = await publishCase(deps, tx, row);
    if (previousAssignee !== null && previousAssignee !== operatorId) {
      await deps.events.toOperators(
        tx,
        { type: 'case.updated', case: summary },
        assigneeAudience(row.id, previousAssignee),
      );
    }
    if (previousAssignee !== null && row.assignee_id !== null && row.assignee_id !== previousAssignee) {
      // It went to someone else, so the one who gave it up has room: hand out waiting cases.
      // (While this case still waits, draining would hand it straight back to them.)
      await drainForOperator(deps, tx, previousAssignee, now);
    }
    return summary;
  });
}
