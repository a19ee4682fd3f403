import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { MessageMatch } from './message-search.ts';

/** The found messages by id, in the order of `ids` (the ranking), with their case's customer. */
export async function loadMessageMatches(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<MessageMatch[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .innerJoin('customers', 'customers.id', 'messages.customer_id')
    .select([
      'messages.id',
      'messages.case_id',
      'messages.customer_id',
      'customers.display_name',
      'messages.direction',
      'messages.text',
      'messages.created_at',
    ])
    .where('messages.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(Number(id));
    if (!r) return [];
    return [
      {
        id: Number(r.id),
        caseId: Number(r.case_id),
        customerId: Number(r.customer_id),
        customerName: r.display_name,
        direction: r.direction,
        text: r.text,
        createdAt: String(r.created_at),
      },
    ];
  });
}
