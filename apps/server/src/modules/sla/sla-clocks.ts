import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { EntryPointHours } from '../business-hours/entry-point-hours.ts';
import { dueAfter, loadSlaPolicy, type SlaClock, type SlaPolicy } from './sla-policy.ts';
import { worstState } from './sla-state.ts';

/**
 * The SLA clocks of a case (docs/routing.md), set at the moments the case use cases report: the case
 * opened (first response and resolution due), the customer wrote with no reply pending (next response
 * due), an operator replied (first/next response met), the case was resolved (resolution met). Each
 * returns the case row as it stands after, in the caller's transaction. A case opened without a policy has
 * no SLA (`sla_state` null) and is left alone.
 */
export class SlaClocks {
  constructor(private readonly hours: EntryPointHours) {}

  /** A new case: its first-response and resolution clocks start now. */
  async opened(tx: Tx, row: CaseRow, now: string): Promise<CaseRow> {
    const policy = await loadSlaPolicy(tx.db, this.hours, row.entry_point_id);
    if (!policy) return row;
    const at = new Date(now);
    return update(tx, row, {
      sla_state: 'ok',
      awaiting_reply_since: now,
      sla_first_due: iso(dueAfter(policy, at, policy.firstResponseSeconds)),
      sla_resolution_due: iso(dueAfter(policy, at, policy.resolutionSeconds)),
    });
  }

  /** The customer wrote: unless a reply is already pending, the next-response clock starts now. */
  async customerWrote(tx: Tx, row: CaseRow, now: string): Promise<CaseRow> {
    if (row.sla_state === null || row.awaiting_reply_since !== null) return row;
    const policy = await loadSlaPolicy(tx.db, this.hours, row.entry_point_id);
    if (!policy) return row;
    const next =
      row.first_response_at === null ? null : dueAfter(policy, new Date(now), policy.nextResponseSeconds);
    return update(tx, row, { awaiting_reply_since: now, sla_next_due: iso(next) });
  }

  /** An operator replied: the pending response clocks are met (on time: an `sla_events` 'met' row). */
  async operatorReplied(tx: Tx, row: CaseRow, now: string): Promise<CaseRow> {
    if (row.sla_state === null) return row;
    if (row.sla_first_due === null && row.sla_next_due === null && row.awaiting_reply_since === null)
      return row;
    await met(tx, row, 'first_response', row.sla_first_due, now);
    await met(tx, row, 'next_response', row.sla_next_due, now);
    const cleared = { ...row, sla_first_due: null, sla_next_due: null, awaiting_reply_since: null };
    return update(tx, row, {
      sla_first_due: null,
      sla_next_due: null,
      awaiting_reply_since: null,
      sla_state: await this.stateOf(tx, cleared, now),
    });
  }

  /** The case was resolved: the resolution clock is met, and no clock runs any more. */
  async resolved(tx: Tx, row: CaseRow, now: string): Promise<CaseRow> {
    if (row.sla_state === null) return row;
    await met(tx, row, 'resolution', row.sla_resolution_due, now);
    return update(tx, row, {
      sla_first_due: null,
      sla_next_due: null,
      sla_resolution_due: null,
      awaiting_reply_since: null,
      sla_state: 'ok',
    });
  }

  /** The worst state of the row's running clocks now. */
  private async stateOf(tx: Tx, row: CaseRow, now: string): Promise<'ok' | 'warning' | 'breached'> {
    const policy: SlaPolicy | null = await loadSlaPolicy(tx.db, this.hours, row.entry_point_id);
    return policy ? worstState(policy, row, new Date(now)) : 'ok';
  }
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** A clock stopped at `now`: a 'met' event when it was running and on time. */
async function met(tx: Tx, row: CaseRow, clock: SlaClock, due: string | null, now: string) {
  if (due === null || Date.parse(now) > Date.parse(due)) return;
  await tx.db
    .insertInto('sla_events')
    .values({ case_id: row.id, clock, kind: 'met', due_at: due, at: now })
    .execute();
}

async function update(
  tx: Tx,
  row: CaseRow,
  set: Partial<
    Pick<
      CaseRow,
      'sla_state' | 'awaiting_reply_since' | 'sla_first_due' | 'sla_next_due' | 'sla_resolution_due'
    >
  >,
): Promise<CaseRow> {
  return tx.db
    .updateTable('cases')
    .set(set)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
