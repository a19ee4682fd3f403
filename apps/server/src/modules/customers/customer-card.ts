import type { CustomerCard, CustomerCase, CustomerMergeView } from '@frontline/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { whereCaseVisible, type Viewer } from '../cases/case-visibility.ts';
import type { CustomerProfiles } from './customer-profiles.ts';
import { mergeSuggestions } from './merge-suggestions.ts';

/**
 * The customer card as `viewer` may see it: the profile (contact points with who attested them, identities
 * per channel with who verified them), the cases `viewer` can see with their outcome, merge suggestions and
 * the merges that can be undone. Visibility of the customer itself is checked by the caller.
 */
export async function loadCustomerCard(
  db: Kysely<Database>,
  deps: { profiles: CustomerProfiles; canMerge: boolean },
  viewer: Viewer,
  customerId: number,
): Promise<CustomerCard> {
  const profile = await deps.profiles.load(customerId);
  const row = await db
    .selectFrom('customers')
    .select('merged_into_customer_id')
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  const cases = await db
    .selectFrom('cases')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where((eb) => whereCaseVisible(eb, viewer))
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const merges = await db
    .selectFrom('customer_merges')
    .innerJoin('customers', 'customers.id', 'customer_merges.merged_id')
    .selectAll('customer_merges')
    .select('customers.display_name as merged_name')
    .where((eb) => eb.or([eb('survivor_id', '=', customerId), eb('merged_id', '=', customerId)]))
    .where('undone_at', 'is', null)
    .orderBy('customer_merges.id', 'desc')
    .execute();
  return {
    ...profile,
    mergedIntoCustomerId: row.merged_into_customer_id,
    cases: cases.map((c): CustomerCase => ({
      id: c.id,
      status: c.status,
      outcome: c.merged_into_case_id !== null ? 'merged' : c.status === 'resolved' ? 'resolved' : 'open',
      queueId: c.queue_id,
      assigneeId: c.assignee_id,
      openedAt: c.opened_at,
      resolvedAt: c.resolved_at,
      lastMessageText: c.last_message_text,
      mergedIntoCaseId: c.merged_into_case_id,
    })),
    suggestions: row.merged_into_customer_id === null ? await mergeSuggestions(db, customerId, viewer) : [],
    merges: merges.map((m): CustomerMergeView => ({
      id: m.id,
      survivorId: m.survivor_id,
      mergedId: m.merged_id,
      mergedName: m.merged_name,
      by: m.actor_operator_id === null ? 'system' : 'operator',
      actorOperatorId: m.actor_operator_id,
      reason: m.reason,
      createdAt: m.created_at,
    })),
    canMerge: deps.canMerge,
  };
}
