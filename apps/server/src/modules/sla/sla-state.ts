import type { CaseSla } from '@frontline/shared';
import type { CaseRow } from '../../store/schema.ts';
import { elapsed, targetOf, type SlaClock, type SlaPolicy } from './sla-policy.ts';

export type ClockState = 'ok' | 'warning' | 'breached';

/** A running clock of a case: when it started and when it is due. */
export interface RunningClock {
  clock: SlaClock;
  startedAt: string;
  dueAt: string;
}

/** The clocks of the row that run now (a due time set). */
export function runningClocks(
  row: Pick<
    CaseRow,
    'opened_at' | 'awaiting_reply_since' | 'sla_first_due' | 'sla_next_due' | 'sla_resolution_due'
  >,
): RunningClock[] {
  const clocks: RunningClock[] = [];
  if (row.sla_first_due !== null)
    clocks.push({ clock: 'first_response', startedAt: row.opened_at, dueAt: row.sla_first_due });
  if (row.sla_next_due !== null)
    clocks.push({
      clock: 'next_response',
      startedAt: row.awaiting_reply_since ?? row.opened_at,
      dueAt: row.sla_next_due,
    });
  if (row.sla_resolution_due !== null)
    clocks.push({ clock: 'resolution', startedAt: row.opened_at, dueAt: row.sla_resolution_due });
  return clocks;
}

/** A clock's state at `now`: breached at its due time, a warning once `warn_percent` of its target passed. */
export function clockState(policy: SlaPolicy, c: RunningClock, now: Date): ClockState {
  if (now.getTime() >= Date.parse(c.dueAt)) return 'breached';
  const target = targetOf(policy, c.clock);
  if (target === null) return 'ok';
  const share = elapsed(policy, new Date(c.startedAt), now) / target;
  return share * 100 >= policy.warnPercent ? 'warning' : 'ok';
}

const rank: Record<ClockState, number> = { ok: 0, warning: 1, breached: 2 };

/** The worst state of the row's running clocks ('ok' when none runs). */
export function worstState(
  policy: SlaPolicy,
  row: Parameters<typeof runningClocks>[0],
  now: Date,
): ClockState {
  let worst: ClockState = 'ok';
  for (const c of runningClocks(row)) {
    const s = clockState(policy, c, now);
    if (rank[s] > rank[worst]) worst = s;
  }
  return worst;
}

/** The case's SLA as its DTO carries it (null: no policy). */
export function caseSlaOf(
  row: Pick<
    CaseRow,
    'sla_state' | 'sla_first_due' | 'sla_next_due' | 'sla_resolution_due' | 'overflowed_at' | 'escalated_at'
  >,
): CaseSla | null {
  if (row.sla_state === null) return null;
  return {
    state: row.sla_state,
    firstResponseDue: row.sla_first_due,
    nextResponseDue: row.sla_next_due,
    resolutionDue: row.sla_resolution_due,
    overflowedAt: row.overflowed_at,
    escalatedAt: row.escalated_at,
  };
}
