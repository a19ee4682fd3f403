import type { CaseSearchHit } from '@frontline/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { whereCaseVisible, type Viewer } from '../cases/case-visibility.ts';

/** The case with this number, if the viewer may see it (`#123` or `123`); its last message as the snippet. */
export async function searchCases(
  db: Kysely<Database>,
  viewer: Viewer,
  caseId: number | null,
): Promise<CaseSearchHit[]> {
  if (caseId === null) return [];
  const row = await db
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select([
      'cases.id',
      'cases.status',
      'cases.customer_id',
      'customers.display_name',
      'cases.queue_id',
      'cases.last_message_text',
      'cases.updated_at',
    ])
    .where('cases.id', '=', caseId)
    .where((eb) => whereCaseVisible(eb, viewer))
    .executeTakeFirst();
  if (!row) return [];
  const number = `#${row.id}`;
  const last = row.last_message_text ?? '';
  return [
    {
      id: row.id,
      status: row.status,
      customerId: row.customer_id,
      customerName: row.display_name,
      queueId: row.queue_id,
      snippet: {
        text: last === '' ? number : `${number} · ${last.slice(0, 140)}`,
        highlights: [{ start: 0, end: number.length }],
      },
      updatedAt: row.updated_at,
    },
  ];
}
