/**
 * The shape both fan-out servers seed (bench/fanout-server.ts, bench/fanout-limit-server.ts), so the load
 * generator meets the same operators, queues and cases on either: operator i in queue i mod Q, and case k of
 * queue q assigned to member n × step of that queue (n = its number among the queue's cases), half web chat.
 */
import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../apps/server/src/store/schema.ts';
import type { Store } from '../apps/server/src/store/store.ts';

/** Inserts rows in statements of 500 inside one write unit. */
export async function insertAll<R>(
  store: Store,
  rows: R[],
  insert: (tx: Transaction<Database>, chunk: R[]) => Promise<unknown>,
): Promise<void> {
  await store.write(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await insert(tx.db, rows.slice(i, i + 500));
  });
}

/** A bench operator's row: online, room for every case, one password hash for all (nobody logs in with it). */
export function benchOperatorRow(id: number, createdAt: string): Insertable<Database['operators']> {
  return {
    id,
    email: `fanout-${id}@bench.local`,
    name: `Оператор ${id}`,
    password_hash: 'not-a-password-hash',
    role: 'operator',
    capacity: 1000,
    presence: 'online',
    locale: 'ru',
    last_assigned_at: null,
    disabled: 0,
    created_at: createdAt,
  };
}

/** Case k's queue, assignee and channel, given each queue's members in order. */
export function caseSlot(
  k: number,
  queueIds: number[],
  membersOf: Map<number, number[]>,
  caseCount: number,
): { queueId: number; assigneeId: number; webchat: boolean } {
  const queueId = queueIds[k % queueIds.length];
  if (queueId === undefined) throw new Error('no queues');
  const members = membersOf.get(queueId) ?? [];
  const nth = Math.floor(k / queueIds.length);
  const step = Math.max(1, Math.floor(members.length / Math.max(1, Math.ceil(caseCount / queueIds.length))));
  const assigneeId = members[(nth * step) % Math.max(1, members.length)];
  if (assigneeId === undefined) throw new Error(`queue ${queueId} has no operators`);
  // Half the cases of every queue are web chat, half Telegram.
  return { queueId, assigneeId, webchat: nth % 2 === 0 };
}
