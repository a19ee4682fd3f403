import { z } from 'zod';

const Id = z.number().int();
const Ts = z.string();

/** A `cases` row as it was, to be written back by an undo. */
export const CaseRowSnapshot = z.object({
  id: Id,
  customer_id: Id,
  entry_point_id: Id,
  queue_id: Id,
  status: z.enum(['queued', 'assigned', 'resolved']),
  priority: z.number().int(),
  assignee_id: Id.nullable(),
  last_identity_id: Id.nullable(),
  last_message_text: z.string().nullable(),
  last_message_at: Ts.nullable(),
  unread: z.number().int(),
  opened_at: Ts,
  first_response_at: Ts.nullable(),
  resolved_at: Ts.nullable(),
  updated_at: Ts,
  merged_into_case_id: Id.nullable(),
  /** The remembered reply channel (migration 022); absent in snapshots written before it. */
  reply_identity_id: Id.nullable().optional(),
});
export type CaseRowSnapshot = z.infer<typeof CaseRowSnapshot>;

/** A `contact_points` row the merge deleted as a duplicate of the survivor's. */
export const ContactPointSnapshot = z.object({
  id: Id,
  customer_id: Id,
  kind: z.enum(['phone', 'email']),
  value: z.string(),
  attested_by: z.string().nullable(),
  created_at: Ts,
});

/**
 * Exactly what one merge changed (`customer_merges.snapshot`): every row it moved or rewrote, with the values
 * they had before, so `unmergeCustomers` can put them back. Rows that appeared after the merge are not in it.
 */
export const MergeSnapshot = z.object({
  version: z.literal(1),
  /** Display names of both customers before the merge (the survivor may have taken the other's). */
  names: z.object({ survivor: z.string().nullable(), merged: z.string().nullable() }),
  /** Identities of the merged customer, now the survivor's. */
  identityIds: z.array(Id),
  contactPoints: z.object({
    /** Points of the merged customer moved to the survivor as they were. */
    moved: z.array(Id),
    /** Points of the merged customer deleted because the survivor had the same one. */
    deleted: z.array(ContactPointSnapshot),
    /** Survivor's points that became attested because the merged customer's copy was. */
    attested: z.array(z.object({ id: Id, before: z.string().nullable(), after: z.string() })),
  }),
  /** Cases of the merged customer, now the survivor's. */
  caseIds: z.array(Id),
  /** Messages of the merged customer, now the survivor's. */
  messageIds: z.array(Id),
  /** The two open cases joined into one, when both customers had one. */
  joined: z
    .object({
      /** The older open case: it kept its id and took the other's messages. */
      keptCaseId: Id,
      /** The case emptied into it and closed (`merged_into_case_id`). */
      closedCaseId: Id,
      /** The messages moved from the closed case into the kept one. */
      messageIds: z.array(Id),
      kept: z.object({ before: CaseRowSnapshot, after: CaseRowSnapshot }),
      closed: z.object({ before: CaseRowSnapshot }),
    })
    .nullable(),
});
export type MergeSnapshot = z.infer<typeof MergeSnapshot>;

/** Reads a stored snapshot; throws when it is not one (a row written by something else). */
export function parseMergeSnapshot(text: string): MergeSnapshot {
  return MergeSnapshot.parse(JSON.parse(text));
}
