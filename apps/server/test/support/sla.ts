import type { TestServer } from './test-server.ts';

/** A settable clock for the time rules (docs/routing.md): `at(iso)` moves it, `plus(seconds)` advances it. */
export class TestClock {
  private t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  at(iso: string): Date {
    this.t = Date.parse(iso);
    return this.now();
  }
  plus(seconds: number): Date {
    this.t += seconds * 1000;
    return this.now();
  }
}

/** Gives entry point `entryPointId` these business hours (weekly `{"mon": [["09:00","18:00"]]}` in `timeZone`). */
export async function setBusinessHours(
  server: TestServer,
  entryPointId: number,
  spec: { timeZone: string; weekly: Record<string, [string, string][]>; holidays?: string[] },
): Promise<number> {
  const row = await server.store.db
    .insertInto('business_hours')
    .values({
      name: `hours of ${entryPointId}`,
      time_zone: spec.timeZone,
      weekly: JSON.stringify(spec.weekly),
      holidays: JSON.stringify(spec.holidays ?? []),
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await server.store.db
    .updateTable('entry_points')
    .set({ business_hours_id: row.id })
    .where('id', '=', entryPointId)
    .execute();
  return row.id;
}

/** Moscow, Monday to Friday 09:00–18:00. */
export const moscowWeekdays = {
  timeZone: 'Europe/Moscow',
  weekly: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']] as [string, string][]]),
  ),
};

/** Gives entry point `entryPointId` an SLA policy (targets in seconds; wall-clock time unless said). */
export async function setSlaPolicy(
  server: TestServer,
  entryPointId: number,
  spec: {
    first?: number;
    next?: number;
    resolution?: number;
    warnPercent?: number;
    businessHoursOnly?: boolean;
    overflowAfter?: number;
    overflowQueueId?: number;
    escalate?: boolean;
  },
): Promise<number> {
  const row = await server.store.db
    .insertInto('sla_policies')
    .values({
      name: `policy of ${entryPointId}`,
      first_response_seconds: spec.first ?? null,
      next_response_seconds: spec.next ?? null,
      resolution_seconds: spec.resolution ?? null,
      warn_percent: spec.warnPercent ?? 80,
      business_hours_only: spec.businessHoursOnly ? 1 : 0,
      overflow_after_seconds: spec.overflowAfter ?? null,
      overflow_queue_id: spec.overflowQueueId ?? null,
      escalate_on_breach: spec.escalate === false ? 0 : 1,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await server.store.db
    .updateTable('entry_points')
    .set({ sla_policy_id: row.id })
    .where('id', '=', entryPointId)
    .execute();
  return row.id;
}

/** The `sla_events` of a case, oldest first, as `clock:kind`. */
export async function slaEvents(server: TestServer, caseId: number): Promise<string[]> {
  const rows = await server.store.db
    .selectFrom('sla_events')
    .select(['clock', 'kind'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.clock}:${r.kind}`);
}

/** The payloads of the outbox events of `type` about case `caseId`, oldest first. */
export async function outboxEvents(server: TestServer, type: string, caseId: number) {
  const rows = await server.store.db
    .selectFrom('outbox_events')
    .select(['payload', 'queue_id', 'operator_id'])
    .where('type', '=', type)
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, event: JSON.parse(r.payload) as Record<string, unknown> }));
}
