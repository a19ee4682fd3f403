import type { CaseDeps } from '../cases/case-deps.ts';
import { publishCase } from '../cases/publish-case.ts';
import type { EntryPointHours } from './entry-point-hours.ts';

export interface OpeningDeps extends Pick<CaseDeps, 'store' | 'channels' | 'events' | 'router'> {
  hours: EntryPointHours;
}

/**
 * At the opening (docs/routing.md): the queues holding waiting cases of entry points that have business
 * hours and are open now are drained — their cases go to operators with room, as the router's order says —
 * and each case handed out is published. Returns how many cases were assigned.
 */
export async function routeAtOpening(deps: OpeningDeps, now: Date): Promise<number> {
  const waiting = await deps.store.db
    .selectFrom('cases as c')
    .innerJoin('entry_points as ep', 'ep.id', 'c.entry_point_id')
    .select(['c.queue_id', 'c.entry_point_id'])
    .distinct()
    .where('c.status', '=', 'queued')
    .where('ep.business_hours_id', 'is not', null)
    .execute();
  const queues = new Set<number>();
  for (const w of waiting) {
    const calendar = await deps.hours.calendarOf(deps.store.db, w.entry_point_id);
    if (!calendar || calendar.isOpen(now)) queues.add(w.queue_id);
  }
  let assigned = 0;
  const at = now.toISOString();
  for (const queueId of queues) {
    assigned += await deps.store.write(async (tx) => {
      const rows = await deps.router.drainQueue(tx, queueId, at);
      for (const row of rows) await publishCase(deps, tx, row);
      return rows.length;
    });
  }
  return assigned;
}
