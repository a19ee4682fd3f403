import type {
  CannedReply,
  CannedReplyListQuery,
  CreateCannedReplyRequest,
  UpdateCannedReplyRequest,
} from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Viewer } from '../cases/case-visibility.ts';
import {
  canEditReply,
  canSeeReply,
  managesShared,
  scopeKeyOf,
  type ReplyPlace,
} from './canned-reply-rules.ts';
import { cannedReplyQueries as q, toCannedReply, type CannedReplyRow } from './canned-reply-store.ts';

const notFound = (id: number) =>
  new AppError('CANNED_REPLY_NOT_FOUND', `no canned reply ${id} that you may see`);

/**
 * Canned replies: operators keep personal ones and use the shared ones of their queues; supervisors and
 * admins manage the shared ones. Every change is audited (`canned_reply.create|update|delete`); a use only
 * counts (`use_count`, `last_used_at`).
 */
export class CannedReplyService {
  constructor(private readonly deps: { store: Store; clock: Clock; audit: AuditLog }) {}

  /** What `viewer` sees, most used first. */
  async list(viewer: Viewer, query: CannedReplyListQuery): Promise<CannedReply[]> {
    const rows = await q.list(this.deps.store.db, viewer, query);
    return rows.map((row) => toCannedReply(row, viewer));
  }

  /** A personal reply of `viewer`'s, or (supervisors, admins) a shared one. */
  async create(viewer: Viewer, request: CreateCannedReplyRequest): Promise<CannedReply> {
    const shared = request.scope === 'shared';
    if (shared && !managesShared(viewer)) {
      throw new AppError('FORBIDDEN', 'only supervisors and admins create shared replies');
    }
    const place: ReplyPlace = {
      owner_operator_id: shared ? null : viewer.id,
      queue_id: shared ? (request.queueId ?? null) : null,
    };
    const now = this.deps.clock.now().toISOString();
    const row = await this.deps.store.write(async (tx) => {
      await this.checkPlace(tx, place, request);
      const inserted = await q.insert(tx, {
        ...place,
        scope_key: scopeKeyOf(place),
        title: request.title,
        shortcut: request.shortcut,
        body: request.body,
        language: request.language,
        created_by: viewer.id,
        created_at: now,
        updated_at: now,
      });
      await this.audit(tx, viewer, 'canned_reply.create', inserted, {});
      return inserted;
    });
    return toCannedReply(row, viewer);
  }

  /** Changes a reply `viewer` may edit; the scope stays (a shared reply may move to another queue). */
  async update(viewer: Viewer, id: number, change: UpdateCannedReplyRequest): Promise<CannedReply> {
    const now = this.deps.clock.now().toISOString();
    const row = await this.deps.store.write(async (tx) => {
      const found = await this.editable(tx, viewer, id);
      if (found.owner_operator_id !== null && change.queueId != null) {
        throw new AppError('BAD_REQUEST', 'a personal reply belongs to no queue');
      }
      const place: ReplyPlace = {
        owner_operator_id: found.owner_operator_id,
        queue_id: change.queueId === undefined ? found.queue_id : change.queueId,
      };
      const next = {
        title: change.title ?? found.title,
        shortcut: change.shortcut ?? found.shortcut,
        body: change.body ?? found.body,
        language: change.language ?? found.language,
      };
      await this.checkPlace(tx, place, next, id);
      const updated = await q.update(tx, id, {
        ...place,
        ...next,
        scope_key: scopeKeyOf(place),
        updated_at: now,
      });
      const changed = Object.keys(change).filter((k) => change[k as keyof typeof change] !== undefined);
      await this.audit(tx, viewer, 'canned_reply.update', updated, { changed });
      return updated;
    });
    return toCannedReply(row, viewer);
  }

  async remove(viewer: Viewer, id: number): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const found = await this.editable(tx, viewer, id);
      await q.remove(tx, id);
      await this.audit(tx, viewer, 'canned_reply.delete', found, {});
    });
  }

  /** The reply was inserted into a composer: one more use. Any reply `viewer` sees may be used. */
  async use(viewer: Viewer, id: number): Promise<CannedReply> {
    const now = this.deps.clock.now().toISOString();
    const row = await this.deps.store.write(async (tx) => {
      const found = await q.find(tx.db, id);
      if (!found || !canSeeReply(viewer, found)) throw notFound(id);
      return q.countUse(tx, id, now);
    });
    return toCannedReply(row, viewer);
  }

  /**
   * The reply, if `viewer` may change it: one they cannot see is "not found" (no probing for others'
   * personal replies), one they see but may not change (an operator and a shared reply) is forbidden.
   */
  private async editable(tx: Tx, viewer: Viewer, id: number): Promise<CannedReplyRow> {
    const found = await q.find(tx.db, id);
    if (!found || !canSeeReply(viewer, found)) throw notFound(id);
    if (!canEditReply(viewer, found)) {
      throw new AppError('FORBIDDEN', 'only supervisors and admins change shared replies');
    }
    return found;
  }

  /** The queue exists and no other reply of the scope and language has the shortcut. */
  private async checkPlace(
    tx: Tx,
    place: ReplyPlace,
    reply: { shortcut: string; language: CannedReplyRow['language'] },
    exceptId?: number,
  ): Promise<void> {
    if (place.queue_id !== null && !(await q.queueExists(tx.db, place.queue_id))) {
      throw new AppError('QUEUE_NOT_FOUND', `no queue ${place.queue_id}`);
    }
    const key = { scopeKey: scopeKeyOf(place), language: reply.language, shortcut: reply.shortcut };
    if (await q.shortcutTaken(tx, key, exceptId)) {
      throw new AppError(
        'CANNED_REPLY_SHORTCUT_TAKEN',
        `another ${reply.language} reply of this scope already has the shortcut /${reply.shortcut}`,
        { details: { shortcut: reply.shortcut, language: reply.language } },
      );
    }
  }

  private audit(
    tx: Tx,
    viewer: Viewer,
    action: string,
    row: CannedReplyRow,
    extra: Record<string, unknown>,
  ): Promise<void> {
    return this.deps.audit.record(tx, viewer.id, action, 'canned_reply', row.id, {
      scope: row.owner_operator_id === null ? 'shared' : 'personal',
      queueId: row.queue_id,
      shortcut: row.shortcut,
      title: row.title,
      language: row.language,
      ...extra,
    });
  }
}
