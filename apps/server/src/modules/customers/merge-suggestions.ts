import type { MergeSuggestion, MergeSuggestionReason } from '@frontline/shared';
import type { Kysely } from 'kysely';
import { equivalentPhones } from '../../lib/equivalent-phones.ts';
import type { Database } from '../../store/schema.ts';
import { seesCustomer, type Viewer } from '../cases/case-visibility.ts';

/** At most this many candidates per customer (the closest first: contact points before names). */
const maxSuggestions = 20;

/**
 * Customers who may be the same person as `customerId` but were not merged automatically: the same phone
 * (with its equivalents) or e-mail where one side only claims it (a pre-chat form, an unverified address),
 * or the same display name. Customers merged away are left out, and so are those `viewer` cannot see.
 * Suggestions never merge anything: an operator decides (`POST /api/v1/customers/:id/merge`).
 *
 * @example await mergeSuggestions(db, 12, actor) // [{ customerId: 7, displayName: 'Anna', reasons: [{ kind: 'phone', value: '+79161234567', attested: false }] }]
 */
export async function mergeSuggestions(
  db: Kysely<Database>,
  customerId: number,
  viewer?: Viewer,
): Promise<MergeSuggestion[]> {
  const customer = await db
    .selectFrom('customers')
    .select(['display_name', 'merged_into_customer_id'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer || customer.merged_into_customer_id !== null) return [];
  const found = new Map<number, { displayName: string | null; reasons: MergeSuggestionReason[] }>();
  const add = (id: number, displayName: string | null, reason: MergeSuggestionReason) => {
    const entry = found.get(id) ?? { displayName, reasons: [] };
    if (!entry.reasons.some((r) => r.kind === reason.kind && r.value === reason.value))
      entry.reasons.push(reason);
    found.set(id, entry);
  };

  const points = await db
    .selectFrom('contact_points')
    .select(['kind', 'value', 'attested_by'])
    .where('customer_id', '=', customerId)
    .execute();
  for (const cp of points) {
    const values = cp.kind === 'phone' ? [cp.value, ...equivalentPhones(cp.value)] : [cp.value];
    const same = await db
      .selectFrom('contact_points')
      .innerJoin('customers', 'customers.id', 'contact_points.customer_id')
      .select(['customers.id', 'customers.display_name', 'contact_points.attested_by'])
      .where('contact_points.kind', '=', cp.kind)
      .where('contact_points.value', 'in', values)
      .where('contact_points.customer_id', '<>', customerId)
      .where('customers.merged_into_customer_id', 'is', null)
      .orderBy('customers.id')
      .limit(maxSuggestions)
      .execute();
    for (const s of same) {
      const attested = cp.attested_by !== null && s.attested_by !== null;
      add(s.id, s.display_name, { kind: cp.kind, value: cp.value, attested });
    }
  }

  const name = customer.display_name;
  if (name !== null && name.trim() !== '') {
    const sameName = await db
      .selectFrom('customers')
      .select(['id', 'display_name'])
      .where('display_name', '=', name)
      .where('id', '<>', customerId)
      .where('merged_into_customer_id', 'is', null)
      .orderBy('id')
      .limit(maxSuggestions)
      .execute();
    for (const s of sameName) add(s.id, s.display_name, { kind: 'name', value: name, attested: false });
  }

  const suggestions: MergeSuggestion[] = [];
  for (const [id, entry] of found) {
    if (suggestions.length >= maxSuggestions) break;
    if (viewer && !(await seesCustomer(db, viewer, id))) continue;
    suggestions.push({ customerId: id, displayName: entry.displayName, reasons: entry.reasons });
  }
  return suggestions;
}
