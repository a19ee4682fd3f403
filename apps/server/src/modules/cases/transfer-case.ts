import type { CaseSummary } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import { assigneeAudience, caseAudience } from '../events/case-audience.ts';
import { insertNote } from '../messages/insert-note.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { messageDto } from './case-dto.ts';
import { loadVisibleCase } from './case-visibility.ts';
import { drainForOperator } from './drain-queue.ts';
import { publishCase } from './publish-case.ts';
import { requireOperator } from './require-operator.ts';

/**
 * Move the case to another queue and/or operator; both queues and both assignees are told. A comment is
 * kept on the case as an internal note by the actor, for whoever takes it next.
 */
export async function transferCase(
  deps: CaseDeps,
  actor: Actor,
  caseId: number,
  to: { queueId?: number; operatorId?: number; comment?: string },
): Promise<CaseSummary> {
  return deps.store.write(async (tx) => {
    const before = await loadVisibleCase(tx.db, actor, caseId);
    if (before.status === 'resolved')
      throw new AppError('CASE_RESOLVED', 'the case is resolved: reopen it first');
    const now = deps.clock.now().toISOString();
    const queueId = to.queueId ?? before.queue_id;
    if (to.queueId !== undefined) {
      const q = await tx.db.selectFrom('queues').select('id').where('id', '=', to.queueId).executeTakeFirst();
      if (!q) throw new AppError('QUEUE_NOT_FOUND', `queue ${to.queueId} not found`);
    }
    if (to.operatorId !== undefined) await requireOperator(tx, to.operatorId);
    let row = await tx.db
      .updateTable('cases')
      .set({
        queue_id: queueId,
        assignee_id: to.operatorId ?? null,
        status: to.operatorId === undefined ? 'queued' : 'assigned',
        // Into a queue: a new wait begins (docs/routing.md).
        ...(to.operatorId === undefined ? { queued_at: now } : {}),
        updated_at: now,
        // Into a queue: the wait begins now (docs/routing.md).
        ...(to.operatorId === undefined ? { queued_at: now } : {}),
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (to.operatorId !== undefined) row = await deps.router.assign(tx, row, to.operatorId, now);
    else row = await deps.router.route(tx, row, now);
    await deps.audit.record(tx, actor.id, 'case.transfer', 'case', row.id, {
      fromQueue: before.queue_id,
      toQueue: queueId,
      fromOperator: before.assignee_id,
      toOperator: row.assignee_id,
    });
    if (to.comment !== undefined) {
      const note = await insertNote(tx, {
        caseRow: row,
        authorOperatorId: actor.id,
        text: to.comment,
        attachments: '[]',
        clientMsgId: null,
        now,
      });
      await deps.events.toOperators(
        tx,
        { type: 'message.created', message: messageDto(deps, note, actor.name) },
        caseAudience(row),
      );
    }
    const summary = await publishCase(deps, tx, row, before.queue_id);
    if (before.assignee_id !== null && before.assignee_id !== row.assignee_id) {
      await deps.events.toOperators(
        tx,
        { type: 'case.updated', case: summary },
        assigneeAudience(row.id, before.assignee_id),
      );
      await drainForOperator(deps, tx, before.assignee_id, now);
    }
    return summary;
  });
}
