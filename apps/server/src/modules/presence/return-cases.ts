import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { publishCase } from '../cases/publish-case.ts';
import { assigneeAudience } from '../events/case-audience.ts';

/** Which of an operator's open cases go back: the unstarted ones (going offline) or all (a shift end). */
export type ReturnedCases = 'unstarted' | 'all';

/**
 * Hands an operator's open cases back to their queues, in the caller's transaction, and routes them to
 * others (the operator is offline by then, so the router passes them over). A case is **unstarted** when its
 * assignee has not replied to the customer in it since it last began to wait (`queued_at`, or the opening
 * when it never waited): such a case was handed to them and never taken up. Messages, notes and the recap
 * stay as they are; `queued_at` is kept, so a returned case keeps its original wait and its place.
 * Every returned case is published (`case.updated`) to its queue, its new assignee and the operator who
 * had it. Returns the ids of the returned cases.
 */
export async function returnCases(
  deps: Pick<CaseDeps, 'router' | 'channels' | 'events'>,
  tx: Tx,
  operatorId: number,
  which: ReturnedCases,
  now: string,
): Promise<number[]> {
  let query = tx.db
    .selectFrom('cases as c')
    .select('c.id')
    .where('c.assignee_id', '=', operatorId)
    .where('c.status', '=', 'assigned');
  if (which === 'unstarted')
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('messages as m')
            .select('m.id')
            .whereRef('m.case_id', '=', 'c.id')
            .where('m.direction', '=', 'out')
            .where('m.author_operator_id', '=', operatorId)
            .where('m.created_at', '>=', eb.fn.coalesce('c.queued_at', 'c.opened_at')),
        ),
      ),
    );
  const ids = (await query.orderBy('c.id').execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const returned = await tx.db
    .updateTable('cases')
    .set({ status: 'queued', assignee_id: null, updated_at: now })
    .where('id', 'in', ids)
    .where('assignee_id', '=', operatorId)
    .where('status', '=', 'assigned')
    .returningAll()
    .execute();
  // The router's index learns of them now (its bus events come after the commit), and reads the operator again.
  deps.router.requeued(returned);
  deps.router.operatorChanged(operatorId);
  const routed = new Set<number>();
  const queueIds = [...new Set(returned.map((r) => r.queue_id))].sort((a, b) => a - b);
  for (const queueId of queueIds) {
    for (const row of await deps.router.drainQueue(tx, queueId, now)) {
      routed.add(row.id);
      const summary = await publishCase(deps, tx, row);
      if (returned.some((r) => r.id === row.id))
        await deps.events.toOperators(
          tx,
          { type: 'case.updated', case: summary },
          assigneeAudience(row.id, operatorId),
        );
    }
  }
  for (const before of returned) {
    if (routed.has(before.id)) continue;
    // Still waiting: its queue sees it queued, and the operator who had it sees it leave them.
    const summary = await publishCase(deps, tx, before);
    await deps.events.toOperators(
      tx,
      { type: 'case.updated', case: summary },
      assigneeAudience(before.id, operatorId),
    );
  }
  return returned.map((r) => r.id);
}
