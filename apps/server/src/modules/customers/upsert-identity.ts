import type { IdentityRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { equivalentPhones } from '../../lib/equivalent-phones.ts';
import { findIdentityByKey } from '../cases/hot-queries.ts';
import { autoMerge } from './auto-merge.ts';
import type { MergeDeps } from './merge-customers.ts';

export interface ContactPointInput {
  kind: 'phone' | 'email';
  value: string;
  /** How the provider or our HMAC check attested it; null = claimed only, never used for auto-linking. */
  attestedBy: string | null;
}

export interface IdentityInput {
  channelAccountId: number;
  externalId: string;
  displayName?: string | null;
  verifiedBy?: string | null;
  contactPoints?: ContactPointInput[];
  /** Other external ids of the same person on this channel account (see InboundIdentity.aliases). */
  aliases?: string[];
}

/**
 * Finds or creates the identity (channel account + external id, unique) and its customer.
 * A new identity joins an existing customer only when it brings an attested contact point that an
 * existing customer has attested too; otherwise it gets a new customer (an operator may merge later).
 * When the identity's customer gains an attested point (new, or claimed until now) that another customer
 * has attested too, the two customers are merged (`autoMerge`, reversible) and the identity is returned as
 * it is afterwards. `merges` is what a merge writes with (events, audit).
 */
export async function upsertIdentity(
  tx: Tx,
  input: IdentityInput,
  now: string,
  merges: MergeDeps,
): Promise<IdentityRow> {
  let [identity] = await findIdentityByKey.run(tx.db, input.channelAccountId, input.externalId);
  for (const alias of identity ? [] : (input.aliases ?? [])) {
    [identity] = await findIdentityByKey.run(tx.db, input.channelAccountId, alias);
    if (identity) break;
  }
  if (!identity) {
    const customerId =
      (await findLinkedCustomer(tx, input.contactPoints ?? [])) ?? (await createCustomer(tx, input, now));
    identity = await tx.db
      .insertInto('identities')
      .values({
        customer_id: customerId,
        channel_account_id: input.channelAccountId,
        external_id: input.externalId,
        display_name: input.displayName ?? null,
        verified_by: input.verifiedBy ?? null,
        created_at: now,
        last_seen_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } else if (
    (input.displayName && input.displayName !== identity.display_name) ||
    (input.verifiedBy && input.verifiedBy !== identity.verified_by)
  ) {
    identity = await tx.db
      .updateTable('identities')
      .set({
        display_name: input.displayName ?? identity.display_name,
        verified_by: input.verifiedBy ?? identity.verified_by,
        last_seen_at: now,
      })
      .where('id', '=', identity.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const gained: ContactPointInput[] = [];
  for (const cp of input.contactPoints ?? []) {
    const stored = await tx.db
      .insertInto('contact_points')
      .values({
        customer_id: identity.customer_id,
        kind: cp.kind,
        value: cp.value,
        attested_by: cp.attestedBy,
        created_at: now,
      })
      // A point claimed earlier becomes attested when it is attested now; an attested one never goes back.
      .onConflict((oc) =>
        cp.attestedBy === null
          ? oc.columns(['customer_id', 'kind', 'value']).doNothing()
          : oc
              .columns(['customer_id', 'kind', 'value'])
              .doUpdateSet({ attested_by: cp.attestedBy })
              .where('contact_points.attested_by', 'is', null),
      )
      .returning('id')
      .executeTakeFirst();
    // A row comes back only when the point is new to the customer or has just become attested.
    if (stored && cp.attestedBy !== null) gained.push(cp);
  }
  if (gained.length === 0) return identity;
  const customerId = await autoMerge(tx, merges, identity.customer_id, gained, now);
  if (customerId === identity.customer_id) return identity;
  return tx.db.selectFrom('identities').selectAll().where('id', '=', identity.id).executeTakeFirstOrThrow();
}

async function findLinkedCustomer(tx: Tx, contactPoints: ContactPointInput[]): Promise<number | null> {
  for (const cp of contactPoints) {
    if (cp.attestedBy === null) continue;
    const values = cp.kind === 'phone' ? [cp.value, ...equivalentPhones(cp.value)] : [cp.value];
    const match = await tx.db
      .selectFrom('contact_points')
      .select('customer_id')
      .where('kind', '=', cp.kind)
      .where('value', 'in', values)
      .where('attested_by', 'is not', null)
      .orderBy('customer_id')
      .executeTakeFirst();
    if (match) return match.customer_id;
  }
  return null;
}

async function createCustomer(tx: Tx, input: IdentityInput, now: string): Promise<number> {
  const row = await tx.db
    .insertInto('customers')
    .values({ display_name: input.displayName ?? null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
