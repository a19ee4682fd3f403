import type { Kysely } from 'kysely';
import type { CaseRow, Database } from '../../store/schema.ts';

/**
 * What relaying an operator's typing to the customer needs of a case (undefined when there is none): typing
 * goes where the reply will, the remembered reply channel or else the customer's last.
 */
export async function readTypingTarget(
  db: Kysely<Database>,
  caseId: number,
): Promise<
  | Pick<CaseRow, 'id' | 'queue_id' | 'assignee_id' | 'last_identity_id' | 'reply_identity_id' | 'status'>
  | undefined
> {
  return db
    .selectFrom('cases')
    .select(['id', 'queue_id', 'assignee_id', 'last_identity_id', 'reply_identity_id', 'status'])
    .where('id', '=', caseId)
    .executeTakeFirst();
}
