import type { SkillRef } from '@frontline/shared';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { openCasesOf, parseLimits } from './load-routing-index.ts';

/** What the store says about the operator a claim chose. */
export interface OperatorState {
  online: boolean;
  capacity: number;
  limits: Record<string, number>;
  member: boolean;
  cases: Array<{ id: number; kind: string | null }>;
}

export type ClaimResult =
  | { ok: true; row: CaseRow }
  /** The case is no longer waiting in that queue (another node or request took it). */
  | { ok: false; reason: 'case' }
  /**
   * PostgreSQL: the case's row is held by another transaction (it may be taken there, or not: it stays in the
   * waiting index) or, with `operatorBusy`, the operator's row is.
   */
  | { ok: false; reason: 'busy'; operatorBusy?: boolean }
  /** The operator cannot take it after all: their state as read under the lock. */
  | { ok: false; reason: 'operator'; state: OperatorState };

/**
 * Assigns a waiting case safely (docs/routing.md): the operator's row is locked (`for update` on PostgreSQL;
 * SQLite has one writer; the case's row first, neither waited for), their load is read again (sum of the weights of their open assigned cases, and
 * the count of the case's channel kind against their limit) and the case is claimed with `status = 'queued'`
 * in the update's `where`. So two nodes never assign one case and no operator goes over capacity.
 */
export async function claimCase(
  tx: Tx,
  input: {
    caseRow: CaseRow;
    operatorId: number;
    weight: number;
    kind: string | null;
    weightOf: (kind: string | null) => number;
    /** false: the operator need not be a member of the case's queue (a reopened case back to its resolver). */
    requireMember: boolean;
    requiredSkills: SkillRef[];
    /** PostgreSQL: lock the operator's row (SQLite has one writer). */
    lockRows: boolean;
    now: string;
  },
): Promise<ClaimResult> {
  const { caseRow, operatorId, now } = input;
  if (input.lockRows) {
    // Never wait for a row another transaction holds (two nodes' drains would deadlock): that case or
    // operator is busy now, and another pick is made.
    const mine = await tx.db
      .selectFrom('cases')
      .select('id')
      .where('id', '=', caseRow.id)
      .where('status', '=', 'queued')
      .where('queue_id', '=', caseRow.queue_id)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!mine) return { ok: false, reason: 'busy' };
  }
  let lock = tx.db
    .selectFrom('operators')
    .select(['id', 'presence', 'disabled', 'capacity', 'channel_limits'])
    .where('id', '=', operatorId);
  if (input.lockRows) lock = lock.forUpdate().skipLocked();
  const op = await lock.executeTakeFirst();
  if (!op && input.lockRows) return { ok: false, reason: 'busy', operatorBusy: true };
  const member =
    !input.requireMember ||
    (await tx.db
      .selectFrom('operator_queues')
      .select('operator_id')
      .where('operator_id', '=', operatorId)
      .where('queue_id', '=', caseRow.queue_id)
      .executeTakeFirst()) !== undefined;
  const cases = op ? await openCasesOf(tx.db, [operatorId]) : [];
  const state: OperatorState = {
    online: op !== undefined && op.presence === 'online' && op.disabled === 0,
    capacity: op?.capacity ?? 0,
    limits: parseLimits(op?.channel_limits ?? null),
    member,
    cases,
  };
  const others = cases.filter((c) => c.id !== caseRow.id);
  const units = others.reduce((sum, c) => sum + input.weightOf(c.kind), 0);
  const limit = input.kind ? state.limits[input.kind] : undefined;
  const sameKind = others.filter((c) => c.kind === input.kind).length;
  if (
    !state.online ||
    !member ||
    units + input.weight > state.capacity ||
    (limit !== undefined && sameKind >= limit)
  ) {
    return { ok: false, reason: 'operator', state };
  }
  const row = await tx.db
    .updateTable('cases')
    .set({
      assignee_id: operatorId,
      status: 'assigned',
      updated_at: now,
      queued_at: caseRow.queued_at ?? now,
      required_skills: caseRow.required_skills ?? JSON.stringify(input.requiredSkills),
    })
    .where('id', '=', caseRow.id)
    .where('status', '=', 'queued')
    .where('queue_id', '=', caseRow.queue_id)
    .returningAll()
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'case' };
  await tx.db.updateTable('operators').set({ last_assigned_at: now }).where('id', '=', operatorId).execute();
  return { ok: true, row };
}
