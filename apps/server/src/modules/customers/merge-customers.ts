import { AppError } from '../../lib/errors.ts';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { findOpenCase } from '../cases/hot-queries.ts';
import { publishCase } from '../cases/publish-case.ts';
import { lockCustomers } from './lock-customers.ts';
import { mergeContactPoints } from './merge-contact-points.ts';
import { CaseRowSnapshot, type MergeSnapshot } from './merge-snapshot.ts';

/** Who merges: an operator, or the system (equal attested contact points, `autoMerge`). */
export type MergeActor = { operatorId: number } | 'system';

export interface MergeRequest {
  /** The customer that stays: it takes the other's identities, contact points, cases and messages. */
  survivorId: number;
  /** The customer merged away: left empty, pointing at the survivor until the merge is undone. */
  mergedId: number;
  by: MergeActor;
  /** Why, for the audit log and the card (an operator's words, or the equal contact point). */
  reason: string;
}

export interface MergeResult {
  mergeId: number;
  survivorId: number;
  mergedId: number;
  /** When both had an open case: the older one, which now holds the messages of both. */
  keptCaseId: number | null;
  /** …and the other one, closed as resolved with `merged_into_case_id` = `keptCaseId`. */
  closedCaseId: number | null;
}

export type MergeDeps = Pick<CaseDeps, 'channels' | 'events' | 'audit'>;

/** The operator id of an actor for the audit log and the merge row (null: the system). */
export function operatorIdOf(by: MergeActor): number | null {
  return by === 'system' ? null : by.operatorId;
}

/**
 * Merges `mergedId` into `survivorId` in the caller's transaction: identities, contact points (duplicates
 * dropped; an attested copy attests the survivor's), cases and messages move to the survivor; if both have
 * an open case, the older one keeps going with the messages of both and the other is closed as resolved with
 * `merged_into_case_id`. Everything it changed goes into `customer_merges.snapshot`, so `unmergeCustomers`
 * puts it back exactly. Audited (`customer.merge`); `case.updated` is published for every case it touched.
 * 409 `CUSTOMER_ALREADY_MERGED` when either customer is already merged away (e.g. a concurrent merge won).
 *
 * @example await mergeCustomers(tx, deps, { survivorId: 1, mergedId: 2, by: 'system', reason: 'phone +79161234567' }, now)
 */
export async function mergeCustomers(
  tx: Tx,
  deps: MergeDeps,
  req: MergeRequest,
  now: string,
): Promise<MergeResult> {
  const { survivorId, mergedId } = req;
  if (survivorId === mergedId)
    throw new AppError('VALIDATION_FAILED', 'a customer cannot be merged with itself');
  const locked = await lockCustomers(tx, [survivorId, mergedId]);
  for (const c of locked) {
    if (c.merged_into_customer_id !== null) {
      throw new AppError(
        'CUSTOMER_ALREADY_MERGED',
        `customer ${c.id} is already merged into customer ${c.merged_into_customer_id}: open that one`,
        { details: { customerId: c.id, mergedIntoCustomerId: c.merged_into_customer_id } },
      );
    }
  }
  const survivor = locked.find((c) => c.id === survivorId);
  const merged = locked.find((c) => c.id === mergedId);
  if (!survivor || !merged) throw new Error('lockCustomers returned the wrong customers');

  const identities = await tx.db
    .updateTable('identities')
    .set({ customer_id: survivorId })
    .where('customer_id', '=', mergedId)
    .returning('id')
    .execute();

  const contactPoints = await mergeContactPoints(tx, survivorId, mergedId);

  // The open cases are joined before the cases move: a customer has at most one open case.
  const [survivorOpen] = await findOpenCase.run(tx.db, survivorId);
  const [mergedOpen] = await findOpenCase.run(tx.db, mergedId);
  let joined: MergeSnapshot['joined'] = null;
  let closedRow: CaseRow | undefined;
  if (survivorOpen && mergedOpen) {
    const [kept, closed] = isOlder(mergedOpen, survivorOpen)
      ? [mergedOpen, survivorOpen]
      : [survivorOpen, mergedOpen];
    closedRow = await tx.db
      .updateTable('cases')
      .set({ status: 'resolved', resolved_at: now, merged_into_case_id: kept.id, unread: 0, updated_at: now })
      .where('id', '=', closed.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    joined = {
      keptCaseId: kept.id,
      closedCaseId: closed.id,
      messageIds: [],
      kept: { before: snap(kept), after: snap(kept) },
      closed: { before: snap(closed) },
    };
  }

  const cases = await tx.db
    .updateTable('cases')
    .set({ customer_id: survivorId })
    .where('customer_id', '=', mergedId)
    .returning('id')
    .execute();
  const messages = await tx.db
    .updateTable('messages')
    .set({ customer_id: survivorId })
    .where('customer_id', '=', mergedId)
    .returning('id')
    .execute();

  let keptRow: CaseRow | undefined;
  if (joined && closedRow) {
    const moved = await tx.db
      .updateTable('messages')
      .set({ case_id: joined.keptCaseId })
      .where('case_id', '=', joined.closedCaseId)
      .returning('id')
      .execute();
    joined.messageIds = moved.map((m) => m.id).sort((a, b) => a - b);
    keptRow = await joinIntoKept(tx, joined.kept.before, joined.closed.before, now);
    joined.kept.after = snap(keptRow);
    // The closed case's own row, as the merge left it, now belongs to the survivor too.
    closedRow = { ...closedRow, customer_id: survivorId };
  }

  await tx.db
    .updateTable('customers')
    .set({ display_name: survivor.display_name ?? merged.display_name })
    .where('id', '=', survivorId)
    .execute();
  await tx.db
    .updateTable('customers')
    .set({ merged_into_customer_id: survivorId })
    .where('id', '=', mergedId)
    .execute();

  const snapshot: MergeSnapshot = {
    version: 1,
    names: { survivor: survivor.display_name, merged: merged.display_name },
    identityIds: identities.map((i) => i.id).sort((a, b) => a - b),
    contactPoints,
    caseIds: cases.map((c) => c.id).sort((a, b) => a - b),
    messageIds: messages.map((m) => m.id).sort((a, b) => a - b),
    joined,
  };
  const row = await tx.db
    .insertInto('customer_merges')
    .values({
      survivor_id: survivorId,
      merged_id: mergedId,
      actor_operator_id: operatorIdOf(req.by),
      reason: req.reason,
      snapshot: JSON.stringify(snapshot),
      created_at: now,
      undone_at: null,
      undone_by_operator_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await deps.audit.record(tx, operatorIdOf(req.by), 'customer.merge', 'customer', survivorId, {
    mergeId: row.id,
    mergedId,
    by: req.by === 'system' ? 'system' : 'operator',
    reason: req.reason,
    keptCaseId: joined?.keptCaseId ?? null,
    closedCaseId: joined?.closedCaseId ?? null,
    moved: { identities: identities.length, cases: cases.length, messages: messages.length },
  });

  // Open workspaces refresh from these: the closed case leaves the inbox (resolved), the others show the
  // survivor as their customer.
  const touched = await tx.db.selectFrom('cases').selectAll().where('customer_id', '=', survivorId).execute();
  for (const c of touched) {
    if (c.id === joined?.keptCaseId || snapshot.caseIds.includes(c.id) || c.id === joined?.closedCaseId)
      await publishCase(deps, tx, c);
  }
  return {
    mergeId: row.id,
    survivorId,
    mergedId,
    keptCaseId: keptRow?.id ?? null,
    closedCaseId: closedRow?.id ?? null,
  };
}

/** The case opened first (then the lower id): it survives a join. */
function isOlder(a: CaseRow, b: CaseRow): boolean {
  return a.opened_at < b.opened_at || (a.opened_at === b.opened_at && a.id < b.id);
}

function snap(row: CaseRow): CaseRowSnapshot {
  return CaseRowSnapshot.parse(row);
}

/** The kept case after taking the closed one's messages: its unread, last message and first response. */
async function joinIntoKept(
  tx: Tx,
  kept: CaseRowSnapshot,
  closed: CaseRowSnapshot,
  now: string,
): Promise<CaseRow> {
  const later = (closed.last_message_at ?? '') > (kept.last_message_at ?? '') ? closed : kept;
  const firstResponses = [kept.first_response_at, closed.first_response_at].filter((t) => t !== null).sort();
  return tx.db
    .updateTable('cases')
    .set({
      unread: kept.unread + closed.unread,
      priority: Math.max(kept.priority, closed.priority),
      last_identity_id: later.last_identity_id,
      reply_identity_id: later.reply_identity_id ?? null,
      last_message_text: later.last_message_text,
      last_message_at: later.last_message_at,
      first_response_at: firstResponses[0] ?? null,
      updated_at: now,
    })
    .where('id', '=', kept.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
