import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { RoutingIndex } from './routing-index.ts';

type Db = Kysely<Database>;

/** Open assigned cases of some operators (all when `ids` is null), each with its channel kind. */
export async function openCasesOf(
  db: Db,
  ids: number[] | null,
): Promise<Array<{ id: number; operatorId: number; kind: string | null }>> {
  if (ids !== null && ids.length === 0) return [];
  let query = db
    .selectFrom('cases as c')
    .leftJoin('identities as i', 'i.id', 'c.last_identity_id')
    .leftJoin('channel_accounts as ca', 'ca.id', 'i.channel_account_id')
    .select(['c.id', 'c.assignee_id', 'ca.kind'])
    .where('c.status', '=', 'assigned')
    .where('c.assignee_id', 'is not', null);
  if (ids !== null) query = query.where('c.assignee_id', 'in', ids);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, operatorId: r.assignee_id as number, kind: r.kind ?? null }));
}

/** The channel kind a case's customer last wrote on (null: no message yet). */
export async function kindOfCase(db: Db, lastIdentityId: number | null): Promise<string | null> {
  if (lastIdentityId === null) return null;
  const row = await db
    .selectFrom('identities as i')
    .innerJoin('channel_accounts as ca', 'ca.id', 'i.channel_account_id')
    .select('ca.kind')
    .where('i.id', '=', lastIdentityId)
    .executeTakeFirst();
  return row?.kind ?? null;
}

/** `{"webchat": 3}` → limits; anything unreadable: no limits. */
export function parseLimits(json: string | null): Record<string, number> {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== 'object') return {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/**
 * Reads operators (all online ones when `ids` is null) with their skills, queues and open cases from the store
 * into the index; an operator of `ids` who is offline or disabled leaves it (their load is kept).
 */
export async function loadOperators(db: Db, index: RoutingIndex, ids: number[] | null): Promise<void> {
  if (ids !== null && ids.length === 0) return;
  let query = db
    .selectFrom('operators')
    .select(['id', 'presence', 'disabled', 'capacity', 'channel_limits', 'last_assigned_at']);
  query =
    ids === null
      ? query.where('presence', '=', 'online').where('disabled', '=', 0)
      : query.where('id', 'in', ids);
  const rows = await query.execute();
  const online = new Set(rows.filter((r) => r.presence === 'online' && r.disabled === 0).map((r) => r.id));
  const skills = new Map<number, Map<number, number>>();
  const queues = new Map<number, number[]>();
  const cases = new Map<number, Array<{ id: number; kind: string | null }>>();
  if (online.size > 0) {
    const scope = ids === null ? null : [...online];
    let skillQuery = db.selectFrom('operator_skills').select(['operator_id', 'skill_id', 'level']);
    let queueQuery = db.selectFrom('operator_queues').select(['operator_id', 'queue_id']);
    if (scope) {
      skillQuery = skillQuery.where('operator_id', 'in', scope);
      queueQuery = queueQuery.where('operator_id', 'in', scope);
    }
    for (const s of await skillQuery.execute()) {
      let m = skills.get(s.operator_id);
      if (!m) skills.set(s.operator_id, (m = new Map<number, number>()));
      m.set(s.skill_id, s.level);
    }
    for (const q of await queueQuery.execute()) {
      let list = queues.get(q.operator_id);
      if (!list) queues.set(q.operator_id, (list = []));
      list.push(q.queue_id);
    }
  }
  for (const c of await openCasesOf(db, ids)) {
    let list = cases.get(c.operatorId);
    if (!list) cases.set(c.operatorId, (list = []));
    list.push({ id: c.id, kind: c.kind });
  }
  if (ids !== null) for (const id of ids) if (!online.has(id)) index.removeOperator(id);
  for (const row of rows) {
    if (!online.has(row.id)) {
      // Their cases still count for when they come back.
      for (const c of cases.get(row.id) ?? []) index.setCaseLoad(c.id, row.id, c.kind);
      continue;
    }
    const own = skills.get(row.id) ?? new Map<number, number>();
    index.putOperator(
      {
        id: row.id,
        online: true,
        capacity: row.capacity,
        limits: parseLimits(row.channel_limits),
        skills: own,
        queues: queues.get(row.id) ?? [],
        lastAssignedMs: row.last_assigned_at ? Date.parse(row.last_assigned_at) : -Infinity,
      },
      cases.get(row.id) ?? [],
    );
  }
  if (ids === null) {
    // Load of operators who are not online, so it is known when they come back.
    for (const [operatorId, list] of cases) {
      if (!index.operator(operatorId)) for (const c of list) index.setCaseLoad(c.id, operatorId, c.kind);
    }
  }
}

/** Every waiting case into the index (or the cases `ids`: waiting ones in, others out). */
export async function loadWaiting(db: Db, index: RoutingIndex, ids?: number[]): Promise<void> {
  let query = db
    .selectFrom('cases')
    .select(['id', 'queue_id', 'status', 'priority', 'queued_at', 'opened_at']);
  query = ids ? query.where('id', 'in', ids) : query.where('status', '=', 'queued');
  for (const r of await query.execute()) {
    if (r.status !== 'queued') {
      index.removeWaiting(r.id);
      continue;
    }
    index.putWaiting({
      id: r.id,
      queueId: r.queue_id,
      priority: r.priority,
      queuedMs: Date.parse(r.queued_at ?? r.opened_at),
    });
  }
}
