import type { TestServer } from './test-server.ts';

/** A customer's stored contact points (kind, value, who attested it), e-mail before phone. */
export function contactPointsOf(server: TestServer, customerId: number) {
  return server.store.db
    .selectFrom('contact_points')
    .select(['kind', 'value', 'attested_by'])
    .where('customer_id', '=', customerId)
    .orderBy('kind')
    .execute();
}
