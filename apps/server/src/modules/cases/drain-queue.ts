import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from './case-deps.ts';
import { publishCase } from './publish-case.ts';

/** Someone freed up: hand waiting cases of their queues to whoever has capacity, and publish each one. */
export async function drainForOperator(
  deps: Pick<CaseDeps, 'router' | 'channels' | 'events'>,
  tx: Tx,
  operatorId: number,
  now: string,
): Promise<void> {
  // Their load, presence or queues changed in this transaction: the router reads them again first.
  deps.router.operatorChanged(operatorId);
  const queues = await tx.db
    .selectFrom('operator_queues')
    .select('queue_id')
    .where('operator_id', '=', operatorId)
    .execute();
  for (const q of queues) {
    const assigned = await deps.router.drainQueue(tx, q.queue_id, now);
    for (const row of assigned) await publishCase(deps, tx, row);
  }
}
