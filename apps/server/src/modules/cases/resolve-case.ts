import type { CaseSummary } from '@frontline/shared';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { summarizeCase } from './case-dto.ts';
import { loadVisibleCase } from './case-visibility.ts';
import { drainForOperator } from './drain-queue.ts';
import { publishCase } from './publish-case.ts';

/** Resolve the case (idempotent); its assignee has room again, so waiting cases are handed out. */
export async function resolveCase(deps: CaseDeps, actor: Actor, caseId: number): Promise<CaseSummary> {
  return deps.store.write(async (tx) => {
    const before = await loadVisibleCase(tx.db, actor, caseId);
    if (before.status === 'resolved') return summarizeCase(deps, tx.db, before);
    const now = deps.clock.now().toISOString();
    let row = await tx.db
      .updateTable('cases')
      .set({ status: 'resolved', resolved_at: now, resolved_by_id: actor.id, updated_at: now, unread: 0 })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (deps.sla) row = await deps.sla.resolved(tx, row, now);
    await deps.audit.record(tx, actor.id, 'case.resolve', 'case', row.id, {});
    const summary = await publishCase(deps, tx, row);
    if (before.assignee_id !== null) await drainForOperator(deps, tx, before.assignee_id, now);
    return summary;
  });
}
