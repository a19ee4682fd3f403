import type { CaseSummary, OperatorEvent } from '@frontline/shared';

/** caseId → unread customer messages, for the cases assigned to me (the title badge). */
export type MyUnread = ReadonlyMap<number, number>;

/** My unread counts after a case summary (a case no longer mine, or read, leaves the map). */
export function withCase(map: MyUnread, c: CaseSummary, meId: number): MyUnread {
  const mine = c.status === 'assigned' && c.assigneeId === meId && c.unread > 0;
  if (mine ? map.get(c.id) === c.unread : !map.has(c.id)) return map;
  const next = new Map(map);
  if (mine) next.set(c.id, c.unread);
  else next.delete(c.id);
  return next;
}

/** My unread counts after a realtime event. */
export function withEvent(map: MyUnread, event: OperatorEvent, meId: number): MyUnread {
  if (event.type === 'case.updated') return withCase(map, event.case, meId);
  if (event.type === 'message.created' && event.case) return withCase(map, event.case, meId);
  return map;
}

/** My case was read (opened): it leaves the badge. */
export function withRead(map: MyUnread, caseId: number): MyUnread {
  if (!map.has(caseId)) return map;
  const next = new Map(map);
  next.delete(caseId);
  return next;
}

/** The sum shown in the title. */
export function unreadTotal(map: MyUnread): number {
  let sum = 0;
  for (const n of map.values()) sum += n;
  return sum;
}

/** `(3) Frontline` — the tab title with the unread count in front (none: the plain title). */
export function titleWithCount(title: string, count: number): string {
  return count > 0 ? `(${count > 99 ? '99+' : count}) ${title}` : title;
}

/**
 * Whether an event is a customer's reply in one of my cases that should alert me: an inbound message
 * of a case assigned to me, unless I am looking at that case right now.
 */
export function isMyCustomerReply(
  event: OperatorEvent,
  meId: number,
  assigneeOf: (caseId: number) => number | null | undefined,
  watching: number | null,
): boolean {
  if (event.type !== 'message.created' || event.message.direction !== 'in') return false;
  const caseId = event.message.caseId;
  const assignee = event.case ? event.case.assigneeId : assigneeOf(caseId);
  return assignee === meId && watching !== caseId;
}
