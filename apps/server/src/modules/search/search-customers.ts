import type { CustomerSearchHit } from '@frontline/shared';
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import { whereCaseVisible, type Viewer } from '../cases/case-visibility.ts';
import { fieldSnippet } from './build-snippet.ts';
import type { ParsedSearchQuery } from './parse-search-query.ts';

type Field = CustomerSearchHit['matchedField'];

/** A customer field that matched; `rank` 0 is an exact match, 1 a name that starts so, 2 one containing it. */
interface Candidate {
  customerId: number;
  field: Field;
  value: string;
  part: string;
  rank: number;
}

/** Rows each kind of match reads at most: a handful is shown. */
const perMatch = 50;

/**
 * Customers the viewer may see (one of their cases is visible: the rule of `requireCustomerVisible`) whose
 * phone (any spelling: the query's E.164 form and its equivalents), e-mail, identity external id or name
 * matches. Exact matches first, then names starting with the text, then names containing it; within each
 * the customer whose visible case changed last first.
 */
export async function searchCustomers(
  store: Store,
  viewer: Viewer,
  query: ParsedSearchQuery,
  limit: number,
): Promise<CustomerSearchHit[]> {
  const { db } = store;
  const visible = (
    eb: ExpressionBuilder<Database, 'contact_points' | 'identities' | 'customers'>,
    ref: CustomerRef,
  ) =>
    eb.exists(
      eb
        .selectFrom('cases')
        .select('cases.id')
        .whereRef('cases.customer_id', '=', ref)
        .where((c) => whereCaseVisible(c, viewer)),
    );
  const candidates: Candidate[] = [];
  const contactPoints = async (kind: 'phone' | 'email', values: string[], field: Field) => {
    if (values.length === 0) return;
    const rows = await db
      .selectFrom('contact_points')
      .select(['customer_id', 'value'])
      .where('kind', '=', kind)
      .where(kind === 'email' ? sql`lower(value)` : sql.ref('value'), 'in', values)
      .where((eb) => visible(eb, 'contact_points.customer_id'))
      .limit(perMatch)
      .execute();
    for (const r of rows)
      candidates.push({ customerId: r.customer_id, field, value: r.value, part: r.value, rank: 0 });
  };
  await contactPoints('phone', query.phones, 'phone');
  await contactPoints('email', query.email === null ? [] : [query.email], 'email');

  // External ids: a messenger's number without `+` (WhatsApp), an e-mail address, or any id as typed.
  const externalIds = [query.text, ...query.phones, ...query.phones.map((p) => p.slice(1))];
  const identities = await db
    .selectFrom('identities')
    .select(['customer_id', 'external_id'])
    .where((eb) =>
      eb.or([
        eb('external_id', 'in', externalIds),
        ...(query.email === null ? [] : [eb(sql`lower(external_id)`, '=', query.email)]),
      ]),
    )
    .where((eb) => visible(eb, 'identities.customer_id'))
    .limit(perMatch)
    .execute();
  for (const r of identities) {
    candidates.push({
      customerId: r.customer_id,
      field: 'externalId',
      value: r.external_id,
      part: r.external_id,
      rank: 0,
    });
  }

  const folded = query.text.toLowerCase();
  const pattern = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const fold = (column: string): RawBuilder<string> =>
    sql`${sql.raw(store.dialect === 'sqlite' ? 'casefold' : 'lower')}(${sql.ref(column)})`;
  const names = [
    ...(await db
      .selectFrom('customers')
      .select(['id as customer_id', 'display_name'])
      .where(sql<boolean>`${fold('customers.display_name')} like ${pattern} escape '\\'`)
      .where((eb) => visible(eb, 'customers.id'))
      .limit(perMatch)
      .execute()),
    ...(await db
      .selectFrom('identities')
      .select(['customer_id', 'display_name'])
      .where(sql<boolean>`${fold('identities.display_name')} like ${pattern} escape '\\'`)
      .where((eb) => visible(eb, 'identities.customer_id'))
      .limit(perMatch)
      .execute()),
  ];
  for (const r of names) {
    const value = r.display_name ?? '';
    const rank = value.toLowerCase().startsWith(folded) ? 1 : 2;
    candidates.push({ customerId: r.customer_id, field: 'name', value, part: query.text, rank });
  }
  return rankCustomers(db, viewer, candidates, limit);
}

type CustomerRef = 'contact_points.customer_id' | 'identities.customer_id' | 'customers.id';

/** The best match per customer, with their newest visible case, in ranking order. */
async function rankCustomers(
  db: Kysely<Database>,
  viewer: Viewer,
  candidates: Candidate[],
  limit: number,
): Promise<CustomerSearchHit[]> {
  const best = new Map<number, Candidate>();
  for (const c of candidates) {
    const seen = best.get(c.customerId);
    if (!seen || c.rank < seen.rank) best.set(c.customerId, c);
  }
  if (best.size === 0) return [];
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'customer_id', 'updated_at'])
    .where('customer_id', 'in', [...best.keys()])
    .where((eb) => whereCaseVisible(eb, viewer))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const newest = new Map<number, { id: number; updatedAt: string }>();
  for (const c of cases)
    if (!newest.has(c.customer_id)) newest.set(c.customer_id, { id: c.id, updatedAt: c.updated_at });
  const names = await db
    .selectFrom('customers')
    .select(['id', 'display_name'])
    .where('id', 'in', [...best.keys()])
    .execute();
  const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
  return [...best.values()]
    .flatMap((c) => {
      const open = newest.get(c.customerId);
      return open ? [{ c, open }] : [];
    })
    .sort(
      (a, b) =>
        a.c.rank - b.c.rank || b.open.updatedAt.localeCompare(a.open.updatedAt) || b.open.id - a.open.id,
    )
    .slice(0, limit)
    .map(({ c, open }) => ({
      id: c.customerId,
      displayName: nameOf.get(c.customerId) ?? null,
      matchedField: c.field,
      snippet: fieldSnippet(c.value, c.part),
      caseId: open.id,
    }));
}
