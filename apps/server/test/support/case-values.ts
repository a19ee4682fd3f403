import type { Insertable } from 'kysely';
import type { CasesTable } from '../../src/store/schema.ts';

type NewCase = Insertable<CasesTable>;

/**
 * A case row to insert, opened at `at`: queued, nobody's, no message yet, unread 0 — `fields` over those
 * defaults (routing tests and the routing bench write cases straight into the store).
 */
export function caseValues(
  at: string,
  fields: Pick<NewCase, 'customer_id' | 'entry_point_id' | 'queue_id'> & Partial<NewCase>,
): NewCase {
  return {
    status: 'queued',
    priority: 0,
    assignee_id: null,
    last_identity_id: null,
    last_message_text: null,
    last_message_at: null,
    unread: 0,
    opened_at: at,
    first_response_at: null,
    resolved_at: null,
    updated_at: at,
    merged_into_case_id: null,
    ...fields,
  };
}
