import { AppError } from '../../lib/errors.ts';
import type { Tx } from '../../store/store.ts';
import { findOpenCase } from '../cases/hot-queries.ts';
import { publishCase } from '../cases/publish-case.ts';
import { lockCustomers } from './lock-customers.ts';
import { operatorIdOf, type MergeActor, type MergeDeps } from './merge-customers.ts';
import { parseMergeSnapshot, type CaseRowSnapshot } from './merge-snapshot.ts';

export interface UnmergeResult {
  mergeId: number;
  survivorId: number;
  mergedId: number;
  /**
   * False when the case closed by the merge could not be reopened because its customer has opened another
   * case since: it is then restored as resolved (its messages are back in it all the same).
   */
  closedCaseRestoredOpen: boolean;
}

/** Long id lists are updated in slices, under every driver's limit of bound parameters. */
const sliceSize = 500;

async function inSlices(ids: number[], run: (slice: number[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += sliceSize) await run(ids.slice(i, i + sliceSize));
}

/** The rows a customer owns by `customer_id` that a merge moved and its undo moves back. */
type CustomerOwned = 'identities' | 'contact_points' | 'cases' | 'messages';

/** Gives the rows `ids` of `table` back from the survivor to the merged customer (rows moved on since stay). */
function giveBack(tx: Tx, table: CustomerOwned, ids: number[], from: number, to: number): Promise<void> {
  return inSlices(ids, (slice) =>
    tx.db
      .updateTable(table)
      .set({ customer_id: to })
      .where('id', 'in', slice)
      .where('customer_id', '=', from)
      .execute(),
  );
}

/**
 * Undoes merge `mergeId` in the caller's transaction, from its snapshot: the merged customer gets back its
 * identities, contact points (deleted duplicates re-created with their ids; attestations it brought taken
 * back), cases and messages, the closed case its row and messages, the kept case its row (when nothing
 * changed it since the merge) and both customers their names. What arrived after the merge stays with the
 * survivor (docs/customers.md). Audited (`customer.unmerge`); `case.updated` for every case it touched.
 * 404 `MERGE_NOT_FOUND`, 409 `MERGE_ALREADY_UNDONE`, 409 `MERGE_NOT_UNDOABLE` (the survivor was merged into
 * another customer since: undo that merge first).
 */
export async function unmergeCustomers(
  tx: Tx,
  deps: MergeDeps,
  req: { mergeId: number; by: MergeActor },
  now: string,
): Promise<UnmergeResult> {
  const merge = await tx.db
    .selectFrom('customer_merges')
    .selectAll()
    .where('id', '=', req.mergeId)
    .executeTakeFirst();
  if (!merge) throw new AppError('MERGE_NOT_FOUND', `merge ${req.mergeId} not found`);
  const { survivor_id: survivorId, merged_id: mergedId } = merge;
  const locked = await lockCustomers(tx, [survivorId, mergedId]);
  const undone = await tx.db
    .updateTable('customer_merges')
    .set({ undone_at: now, undone_by_operator_id: operatorIdOf(req.by) })
    .where('id', '=', merge.id)
    .where('undone_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!undone) throw new AppError('MERGE_ALREADY_UNDONE', `merge ${merge.id} has already been undone`);
  const survivor = locked.find((c) => c.id === survivorId);
  const merged = locked.find((c) => c.id === mergedId);
  if (survivor?.merged_into_customer_id !== null || merged?.merged_into_customer_id !== survivorId) {
    throw new AppError(
      'MERGE_NOT_UNDOABLE',
      `customer ${survivorId} was merged into customer ${String(survivor?.merged_into_customer_id)} since: undo that merge first`,
    );
  }
  const snapshot = parseMergeSnapshot(merge.snapshot);

  await giveBack(tx, 'identities', snapshot.identityIds, survivorId, mergedId);
  const cps = snapshot.contactPoints;
  for (const a of cps.attested) {
    await tx.db
      .updateTable('contact_points')
      .set({ attested_by: a.before })
      .where('id', '=', a.id)
      .where('attested_by', '=', a.after)
      .execute();
  }
  await giveBack(tx, 'contact_points', cps.moved, survivorId, mergedId);
  for (const cp of cps.deleted) {
    await tx.db
      .insertInto('contact_points')
      .values(cp)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  await giveBack(tx, 'cases', snapshot.caseIds, survivorId, mergedId);
  await giveBack(tx, 'messages', snapshot.messageIds, survivorId, mergedId);
  let closedCaseRestoredOpen = true;
  const touched = new Set(snapshot.caseIds);
  const { joined } = snapshot;
  if (joined) {
    touched.add(joined.keptCaseId).add(joined.closedCaseId);
    await inSlices(joined.messageIds, (ids) =>
      tx.db
        .updateTable('messages')
        .set({ case_id: joined.closedCaseId })
        .where('id', 'in', ids)
        .where('case_id', '=', joined.keptCaseId)
        .execute(),
    );
    const kept = await tx.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', joined.keptCaseId)
      .executeTakeFirstOrThrow();
    if (sameCase(kept, { ...joined.kept.after, customer_id: kept.customer_id })) {
      await writeCase(tx, joined.kept.before);
    }
    const before = joined.closed.before;
    const [open] = before.status === 'resolved' ? [] : await findOpenCase.run(tx.db, before.customer_id);
    closedCaseRestoredOpen = open === undefined;
    await writeCase(tx, open ? { ...before, status: 'resolved', resolved_at: now, updated_at: now } : before);
  }

  const survivorNameAfterMerge = snapshot.names.survivor ?? snapshot.names.merged;
  if (survivor.display_name === survivorNameAfterMerge) {
    await tx.db
      .updateTable('customers')
      .set({ display_name: snapshot.names.survivor })
      .where('id', '=', survivorId)
      .execute();
  }
  await tx.db
    .updateTable('customers')
    .set({ merged_into_customer_id: null, display_name: snapshot.names.merged })
    .where('id', '=', mergedId)
    .execute();

  await deps.audit.record(tx, operatorIdOf(req.by), 'customer.unmerge', 'customer', mergedId, {
    mergeId: merge.id,
    survivorId,
    closedCaseRestoredOpen,
  });
  const rows = await tx.db
    .selectFrom('cases')
    .selectAll()
    .where('id', 'in', [...touched, 0])
    .execute();
  for (const row of rows) await publishCase(deps, tx, row);
  return { mergeId: merge.id, survivorId, mergedId, closedCaseRestoredOpen };
}

/** Writes a case row back as the snapshot holds it. */
async function writeCase(tx: Tx, row: CaseRowSnapshot): Promise<void> {
  const { id, ...values } = row;
  await tx.db.updateTable('cases').set(values).where('id', '=', id).execute();
}

/** Whether the case is still exactly as the merge left it (nothing happened to it since). */
function sameCase(row: CaseRowSnapshot, expected: CaseRowSnapshot): boolean {
  return (Object.keys(expected) as Array<keyof CaseRowSnapshot>).every((k) => row[k] === expected[k]);
}
