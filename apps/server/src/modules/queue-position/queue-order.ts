import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/** A case waiting in a queue, as the routing order sees it. */
export interface WaitingCase {
  id: number;
  priority: number;
  /** When its current wait began (`queued_at`, else the opening). */
  queuedAt: string;
}

/**
 * The queue's routing order (docs/routing.md): highest effective priority first, then longest waiting.
 * Effective priority = priority + one step per `agingSeconds` waited; as every waiting case ages alike,
 * the order is fixed by `priority × agingSeconds − queued_at` (seconds). Without aging it is priority,
 * then the wait. Ties: the earlier wait, then the lower id.
 */
export function compareRoutingOrder(a: WaitingCase, b: WaitingCase, agingSeconds: number): number {
  const ta = Date.parse(a.queuedAt) / 1000;
  const tb = Date.parse(b.queuedAt) / 1000;
  if (agingSeconds > 0) {
    const ka = a.priority * agingSeconds - ta;
    const kb = b.priority * agingSeconds - tb;
    if (ka !== kb) return kb - ka;
  } else if (a.priority !== b.priority) return b.priority - a.priority;
  if (ta !== tb) return ta - tb;
  return a.id - b.id;
}

/** The cases in routing order; each one's position is its index + 1. */
export function rankQueue<T extends WaitingCase>(cases: readonly T[], agingSeconds: number): T[] {
  return [...cases].sort((a, b) => compareRoutingOrder(a, b, agingSeconds));
}

/** A waiting case with whom to tell: its customer's last identity and that identity's channel account. */
export interface WaitingCaseRow extends WaitingCase {
  queueId: number;
  identityId: number | null;
  channelAccountId: number | null;
}

/** The queued cases of `queueId` (any order), read from the store. */
export async function readWaitingCases(db: Kysely<Database>, queueId: number): Promise<WaitingCaseRow[]> {
  const rows = await db
    .selectFrom('cases as c')
    .leftJoin('identities as i', 'i.id', 'c.last_identity_id')
    .select([
      'c.id',
      'c.priority',
      'c.queued_at',
      'c.opened_at',
      'c.queue_id',
      'c.last_identity_id',
      'i.channel_account_id',
    ])
    .where('c.queue_id', '=', queueId)
    .where('c.status', '=', 'queued')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    priority: Number(r.priority),
    queuedAt: r.queued_at ?? r.opened_at,
    queueId: Number(r.queue_id),
    identityId: r.last_identity_id === null ? null : Number(r.last_identity_id),
    channelAccountId: r.channel_account_id === null ? null : Number(r.channel_account_id),
  }));
}

/** The summed capacity of the queue's online, enabled members (the estimate's prior). */
export async function readOnlineCapacity(db: Kysely<Database>, queueId: number): Promise<number> {
  const row = await db
    .selectFrom('operators as o')
    .innerJoin('operator_queues as oq', 'oq.operator_id', 'o.id')
    .select((eb) => eb.fn.sum<number | string | null>('o.capacity').as('capacity'))
    .where('oq.queue_id', '=', queueId)
    .where('o.presence', '=', 'online')
    .where('o.disabled', '=', 0)
    .executeTakeFirst();
  return Number(row?.capacity ?? 0);
}
