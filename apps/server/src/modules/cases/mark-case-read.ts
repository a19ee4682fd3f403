import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { loadVisibleCase } from './case-visibility.ts';
import { markInboundRead } from '../messages/message-status.ts';
import { publishCase } from './publish-case.ts';

/** The operator has seen the case: inbound messages become `read` and the case has nothing unread. */
export async function markCaseReadByOperator(deps: CaseDeps, actor: Actor, caseId: number): Promise<void> {
  await deps.store.write(async (tx) => {
    const row = await loadVisibleCase(tx.db, actor, caseId);
    const moved = await markInboundRead(deps, tx, row);
    if (moved === 0 && row.unread === 0) return;
    const updated = await tx.db
      .updateTable('cases')
      .set({ unread: 0 })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await publishCase(deps, tx, updated);
  });
}
