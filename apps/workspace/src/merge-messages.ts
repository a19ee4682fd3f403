import { messageStatusRank, type Message } from '@frontline/shared';

/** Keeps the more advanced of two copies of one message (statuses only move forward). */
function pickLatest(a: Message, b: Message): Message {
  return messageStatusRank[b.status] >= messageStatusRank[a.status] ? b : a;
}

/**
 * Merges messages into a timeline: de-duplicated by id, ordered by id (the server's insertion order),
 * never moving a message's status backwards.
 * @example mergeMessages(timeline, [createdFromRealtime])
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return existing as Message[];
  const byId = new Map<number, Message>();
  for (const m of existing) byId.set(m.id, m);
  for (const m of incoming) {
    const prev = byId.get(m.id);
    byId.set(m.id, prev ? pickLatest(prev, m) : m);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
