import type { SlaPoliciesTable } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { BusinessCalendar } from '../business-hours/business-calendar.ts';
import type { EntryPointHours } from '../business-hours/entry-point-hours.ts';

type Db = Tx['db'] | Store['db'];

/** The clocks of docs/routing.md, as `sla_events.clock` names them. */
export type SlaClock = 'first_response' | 'next_response' | 'resolution';

/** An SLA policy with the calendar its clocks run on (null: they run around the clock). */
export interface SlaPolicy {
  id: number;
  firstResponseSeconds: number | null;
  nextResponseSeconds: number | null;
  resolutionSeconds: number | null;
  warnPercent: number;
  overflowAfterSeconds: number | null;
  overflowQueueId: number | null;
  escalateOnBreach: boolean;
  calendar: BusinessCalendar | null;
}

type PolicyRow = Omit<SlaPoliciesTable, 'id' | 'name' | 'created_at'> & {
  id: number;
  warn_percent: number;
  business_hours_only: number;
  escalate_on_breach: number;
};

/** The SLA policy of an entry point (null: none), with its business hours when the policy counts in them. */
export async function loadSlaPolicy(
  db: Db,
  hours: EntryPointHours,
  entryPointId: number,
): Promise<SlaPolicy | null> {
  const row = await db
    .selectFrom('entry_points as ep')
    .innerJoin('sla_policies as p', 'p.id', 'ep.sla_policy_id')
    .select([
      'p.id',
      'p.first_response_seconds',
      'p.next_response_seconds',
      'p.resolution_seconds',
      'p.warn_percent',
      'p.business_hours_only',
      'p.overflow_after_seconds',
      'p.overflow_queue_id',
      'p.escalate_on_breach',
    ])
    .where('ep.id', '=', entryPointId)
    .executeTakeFirst();
  if (!row) return null;
  const calendar = row.business_hours_only ? await hours.calendarOf(db, entryPointId) : null;
  return toPolicy(row as PolicyRow, calendar);
}

function toPolicy(row: PolicyRow, calendar: BusinessCalendar | null): SlaPolicy {
  return {
    id: row.id,
    firstResponseSeconds: row.first_response_seconds,
    nextResponseSeconds: row.next_response_seconds,
    resolutionSeconds: row.resolution_seconds,
    warnPercent: row.warn_percent,
    overflowAfterSeconds: row.overflow_after_seconds,
    overflowQueueId: row.overflow_queue_id,
    escalateOnBreach: row.escalate_on_breach !== 0,
    calendar,
  };
}

/** The instant `seconds` of the policy's time (business or wall) after `from`; null without a target. */
export function dueAfter(policy: SlaPolicy, from: Date, seconds: number | null): Date | null {
  if (seconds === null) return null;
  if (policy.calendar) return policy.calendar.addBusinessSeconds(from, seconds);
  return new Date(from.getTime() + seconds * 1000);
}

/** Seconds of the policy's time (business or wall) from `a` to `b`. */
export function elapsed(policy: SlaPolicy, a: Date, b: Date): number {
  if (policy.calendar) return policy.calendar.businessSecondsBetween(a, b);
  return Math.max(0, (b.getTime() - a.getTime()) / 1000);
}

/** The target of a clock under the policy (seconds; null: not measured). */
export function targetOf(policy: SlaPolicy, clock: SlaClock): number | null {
  if (clock === 'first_response') return policy.firstResponseSeconds;
  if (clock === 'next_response') return policy.nextResponseSeconds;
  return policy.resolutionSeconds;
}
