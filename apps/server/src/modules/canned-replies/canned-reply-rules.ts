import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { canSeeAudience, visibleScope, type Viewer } from '../cases/case-visibility.ts';

/** Where a canned reply sits: its owner (personal) or its queue (shared; null owner and queue: all queues). */
export interface ReplyPlace {
  owner_operator_id: number | null;
  queue_id: number | null;
}

/** Supervisors and admins manage the shared replies; operators only their own personal ones. */
export function managesShared(viewer: Viewer): boolean {
  return viewer.role !== 'operator';
}

/**
 * Who sees a reply: a personal reply only its owner (whatever their role: it is their own wording), a shared
 * reply for all queues everyone, a shared reply for one queue whoever sees that queue's cases (the case
 * visibility rule: its operators, every supervisor and admin).
 */
export function canSeeReply(viewer: Viewer, reply: ReplyPlace): boolean {
  if (reply.owner_operator_id !== null) return reply.owner_operator_id === viewer.id;
  return reply.queue_id === null || canSeeAudience(viewer, { queueId: reply.queue_id, operatorId: null });
}

/** Who may change or delete a reply: its owner (personal), a supervisor or an admin (shared). */
export function canEditReply(viewer: Viewer, reply: ReplyPlace): boolean {
  if (reply.owner_operator_id !== null) return reply.owner_operator_id === viewer.id;
  return managesShared(viewer);
}

/** `canSeeReply` as a query filter on `canned_replies`. */
export function whereReplyVisible(eb: ExpressionBuilder<Database, 'canned_replies'>, viewer: Viewer) {
  const scope = visibleScope(viewer);
  const shared = scope.all
    ? eb('canned_replies.owner_operator_id', 'is', null)
    : eb.and([
        eb('canned_replies.owner_operator_id', 'is', null),
        eb.or([
          eb('canned_replies.queue_id', 'is', null),
          ...(scope.queueIds.length > 0 ? [eb('canned_replies.queue_id', 'in', scope.queueIds)] : []),
        ]),
      ]);
  return eb.or([eb('canned_replies.owner_operator_id', '=', viewer.id), shared]);
}

/**
 * The scope as one text (`personal:<operator>`, `queue:<queue>`, `all`): the unique index on it, the
 * language and the shortcut keeps a shortcut unique within one scope and language (a personal `/roaming`
 * may still sit next to a shared one: both are listed).
 */
export function scopeKeyOf(reply: ReplyPlace): string {
  if (reply.owner_operator_id !== null) return `personal:${reply.owner_operator_id}`;
  return reply.queue_id === null ? 'all' : `queue:${reply.queue_id}`;
}
