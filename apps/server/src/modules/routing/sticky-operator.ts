import type { Kysely } from 'kysely';
import type { CaseRow, Database } from '../../store/schema.ts';

/**
 * The operator who last helped this customer (resolved or held their latest other case) within
 * `stickyHours` of `now`, or null (docs/routing.md: sticky routing).
 */
export async function stickyOperatorOf(
  db: Kysely<Database>,
  caseRow: Pick<CaseRow, 'id' | 'customer_id'>,
  stickyHours: number,
  now: string,
): Promise<number | null> {
  if (stickyHours <= 0) return null;
  const last = await db
    .selectFrom('cases')
    .select(['resolved_by_id', 'assignee_id', 'resolved_at', 'updated_at'])
    .where('customer_id', '=', caseRow.customer_id)
    .where('id', '<>', caseRow.id)
    .where((eb) => eb.or([eb('resolved_by_id', 'is not', null), eb('assignee_id', 'is not', null)]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  const at = Date.parse(last.resolved_at ?? last.updated_at);
  if (Date.parse(now) - at > stickyHours * 3_600_000) return null;
  return last.resolved_by_id ?? last.assignee_id;
}
