import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { EntryPointHours } from '../business-hours/entry-point-hours.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { publishCase } from '../cases/publish-case.ts';
import { staffAudience } from '../events/case-audience.ts';
import { loadSlaPolicy, type SlaClock, type SlaPolicy } from './sla-policy.ts';
import { clockState, runningClocks, worstState, type RunningClock } from './sla-state.ts';

export interface SlaSweepDeps extends Pick<CaseDeps, 'store' | 'channels' | 'events'> {
  hours: EntryPointHours;
}

/**
 * One pass of the SLA watcher over the open cases with running clocks (docs/routing.md): a clock past
 * `warn_percent` of its target gets a 'warning' event, one past its due time a 'breach' (each once per
 * clock and due time, in `sla_events`); the case's `sla_state` follows and a changed case is published
 * (`case.updated`); the first breach under a policy that escalates sets `escalated_at` and alerts the
 * supervisors and admins (`case.escalated`). Returns how many cases changed.
 */
export async function sweepSla(deps: SlaSweepDeps, now: Date): Promise<number> {
  const open = await deps.store.db
    .selectFrom('cases')
    .selectAll()
    .where('status', '<>', 'resolved')
    .where('sla_state', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('sla_first_due', 'is not', null),
        eb('sla_next_due', 'is not', null),
        eb('sla_resolution_due', 'is not', null),
      ]),
    )
    .execute();
  const policies = new Map<number, Promise<SlaPolicy | null>>();
  const policyOf = (entryPointId: number) => {
    let p = policies.get(entryPointId);
    if (!p) policies.set(entryPointId, (p = loadSlaPolicy(deps.store.db, deps.hours, entryPointId)));
    return p;
  };
  let changed = 0;
  for (const row of open) {
    const policy = await policyOf(row.entry_point_id);
    if (!policy) continue;
    const due = runningClocks(row).some((c) => clockState(policy, c, now) !== 'ok');
    if (!due && row.sla_state === 'ok') continue;
    if (await deps.store.write((tx) => checkCase(deps, tx, policy, row.id, now))) changed++;
  }
  return changed;
}

/** One case, re-read in the transaction (a reply may have stopped a clock since the scan). */
async function checkCase(deps: SlaSweepDeps, tx: Tx, policy: SlaPolicy, caseId: number, now: Date) {
  const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || row.status === 'resolved' || row.sla_state === null) return false;
  const at = now.toISOString();
  const fired = await firedEvents(tx, row.id);
  const fresh: Array<{ clock: RunningClock; kind: 'warning' | 'breach' }> = [];
  for (const c of runningClocks(row)) {
    const state = clockState(policy, c, now);
    const kind = state === 'breached' ? 'breach' : state === 'warning' ? 'warning' : null;
    if (kind && !fired.has(key(c.clock, kind, c.dueAt))) fresh.push({ clock: c, kind });
  }
  const state = worstState(policy, row, now);
  if (fresh.length === 0 && state === row.sla_state) return false;
  for (const e of fresh) {
    await tx.db
      .insertInto('sla_events')
      .values({ case_id: row.id, clock: e.clock.clock, kind: e.kind, due_at: e.clock.dueAt, at })
      .execute();
  }
  const breach = fresh.find((e) => e.kind === 'breach');
  const escalate = breach !== undefined && policy.escalateOnBreach && row.escalated_at === null;
  const updated: CaseRow = await tx.db
    .updateTable('cases')
    .set({ sla_state: state, ...(escalate ? { escalated_at: at } : {}) })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const summary = await publishCase(deps, tx, updated);
  if (escalate && breach) {
    await deps.events.toOperators(
      tx,
      { type: 'case.escalated', case: summary, clock: breach.clock.clock, dueAt: breach.clock.dueAt },
      staffAudience(updated.id, updated.queue_id),
    );
  }
  return true;
}

function key(clock: SlaClock, kind: string, due: string): string {
  return `${clock}|${kind}|${Date.parse(due)}`;
}

/** The warnings and breaches already recorded for the case. */
async function firedEvents(tx: Tx, caseId: number): Promise<Set<string>> {
  const rows = await tx.db
    .selectFrom('sla_events')
    .select(['clock', 'kind', 'due_at'])
    .where('case_id', '=', caseId)
    .where('kind', '<>', 'met')
    .execute();
  return new Set(rows.map((r) => key(r.clock, r.kind, r.due_at)));
}
