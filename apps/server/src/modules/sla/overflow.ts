import type { EntryPointHours } from '../business-hours/entry-point-hours.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { publishCase } from '../cases/publish-case.ts';
import { elapsed, loadSlaPolicy, type SlaPolicy } from './sla-policy.ts';

export interface OverflowDeps extends Pick<CaseDeps, 'store' | 'channels' | 'events' | 'router'> {
  hours: EntryPointHours;
}

/**
 * Overflow (docs/routing.md): a queued case that has waited (since `queued_at`, in the policy's time)
 * longer than its policy's `overflow_after_seconds` moves once to `overflow_queue_id` — `overflowed_at`
 * set, `queued_at` kept — and is routed there; both queues are told. Returns how many cases moved.
 */
export async function overflowWaitingCases(deps: OverflowDeps, now: Date): Promise<number> {
  const waiting = await deps.store.db
    .selectFrom('cases as c')
    .innerJoin('entry_points as ep', 'ep.id', 'c.entry_point_id')
    .innerJoin('sla_policies as p', 'p.id', 'ep.sla_policy_id')
    .select(['c.id', 'c.entry_point_id', 'c.queue_id', 'c.queued_at'])
    .where('c.status', '=', 'queued')
    .where('c.overflowed_at', 'is', null)
    .where('c.queued_at', 'is not', null)
    .where('p.overflow_after_seconds', 'is not', null)
    .where('p.overflow_queue_id', 'is not', null)
    .whereRef('p.overflow_queue_id', '<>', 'c.queue_id')
    .execute();
  const policies = new Map<number, Promise<SlaPolicy | null>>();
  let moved = 0;
  for (const c of waiting) {
    let p = policies.get(c.entry_point_id);
    if (!p) policies.set(c.entry_point_id, (p = loadSlaPolicy(deps.store.db, deps.hours, c.entry_point_id)));
    const policy = await p;
    if (!policy || policy.overflowAfterSeconds === null || policy.overflowQueueId === null) continue;
    if (elapsed(policy, new Date(c.queued_at as string), now) < policy.overflowAfterSeconds) continue;
    if (await move(deps, c.id, c.queue_id, policy.overflowQueueId, now.toISOString())) moved++;
  }
  return moved;
}

async function move(deps: OverflowDeps, caseId: number, fromQueue: number, toQueue: number, now: string) {
  return deps.store.write(async (tx) => {
    const row = await tx.db
      .updateTable('cases')
      .set({ queue_id: toQueue, overflowed_at: now, updated_at: now })
      .where('id', '=', caseId)
      .where('status', '=', 'queued')
      .where('queue_id', '=', fromQueue)
      .where('overflowed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    const routed = await deps.router.route(tx, row, now);
    await publishCase(deps, tx, routed, fromQueue);
    return true;
  });
}
