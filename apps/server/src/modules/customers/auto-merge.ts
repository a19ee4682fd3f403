import type { Tx } from '../../store/store.ts';
import { equivalentPhones } from '../../lib/equivalent-phones.ts';
import { mergeCustomers, type MergeDeps } from './merge-customers.ts';
import type { ContactPointInput } from './upsert-identity.ts';

/**
 * A customer just gained attested contact points (`points`: new to them, or claimed until now): every other
 * customer who has one of them attested too (phones with their equivalents, lib/equivalent-phones.ts) is
 * the same person, so the two are merged in this transaction, by the system, reversibly. The older
 * customer (lower id) survives. Returns the customer the identity belongs to afterwards.
 * Claimed (unattested) equality never merges: it only shows up in `mergeSuggestions`.
 */
export async function autoMerge(
  tx: Tx,
  deps: MergeDeps,
  customerId: number,
  points: ContactPointInput[],
  now: string,
): Promise<number> {
  let current = customerId;
  for (const cp of points) {
    if (cp.attestedBy === null) continue;
    const values = cp.kind === 'phone' ? [cp.value, ...equivalentPhones(cp.value)] : [cp.value];
    const others = await tx.db
      .selectFrom('contact_points')
      .innerJoin('customers', 'customers.id', 'contact_points.customer_id')
      .select('contact_points.customer_id')
      .distinct()
      .where('contact_points.kind', '=', cp.kind)
      .where('contact_points.value', 'in', values)
      .where('contact_points.attested_by', 'is not', null)
      .where('contact_points.customer_id', '<>', current)
      .where('customers.merged_into_customer_id', 'is', null)
      .orderBy('contact_points.customer_id')
      .execute();
    for (const other of others) {
      if (other.customer_id === current) continue;
      const [survivorId, mergedId] =
        other.customer_id < current ? [other.customer_id, current] : [current, other.customer_id];
      await mergeCustomers(
        tx,
        deps,
        { survivorId, mergedId, by: 'system', reason: `same attested ${cp.kind} ${cp.value}` },
        now,
      );
      current = survivorId;
    }
  }
  return current;
}
