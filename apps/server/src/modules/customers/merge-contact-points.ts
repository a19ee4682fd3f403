import type { Tx } from '../../store/store.ts';
import type { MergeSnapshot } from './merge-snapshot.ts';

/**
 * The merged customer's contact points join the survivor's: a point the survivor has already is deleted
 * (an attested copy attests the survivor's claimed one), the others move.
 */
export async function mergeContactPoints(
  tx: Tx,
  survivorId: number,
  mergedId: number,
): Promise<MergeSnapshot['contactPoints']> {
  const mine = await tx.db
    .selectFrom('contact_points')
    .selectAll()
    .where('customer_id', '=', survivorId)
    .execute();
  const theirs = await tx.db
    .selectFrom('contact_points')
    .selectAll()
    .where('customer_id', '=', mergedId)
    .orderBy('id')
    .execute();
  const result: MergeSnapshot['contactPoints'] = { moved: [], deleted: [], attested: [] };
  for (const cp of theirs) {
    const same = mine.find((m) => m.kind === cp.kind && m.value === cp.value);
    if (!same) {
      result.moved.push(cp.id);
      continue;
    }
    result.deleted.push(cp);
    await tx.db.deleteFrom('contact_points').where('id', '=', cp.id).execute();
    if (same.attested_by === null && cp.attested_by !== null) {
      result.attested.push({ id: same.id, before: null, after: cp.attested_by });
      await tx.db
        .updateTable('contact_points')
        .set({ attested_by: cp.attested_by })
        .where('id', '=', same.id)
        .execute();
    }
  }
  if (result.moved.length > 0) {
    await tx.db
      .updateTable('contact_points')
      .set({ customer_id: survivorId })
      .where('id', 'in', result.moved)
      .execute();
  }
  return result;
}
