import type { SkillRef } from '@frontline/shared';

/** An online operator as the routing index holds them. */
export interface OperatorEntry {
  id: number;
  online: boolean;
  capacity: number;
  /** At most this many open cases per channel kind. */
  limits: Record<string, number>;
  /** skill id → level. */
  skills: Map<number, number>;
  queues: number[];
  /** ms since the epoch; -Infinity: never assigned (waited longest). */
  lastAssignedMs: number;
  /** Open assigned cases per channel kind ('' for a case without a channel yet). */
  counts: Map<string, number>;
  /** Capacity units in use: Σ count × weight of the kind. */
  units: number;
}

/** A case waiting in a queue, as the index orders them. */
export interface WaitingCase {
  id: number;
  queueId: number;
  priority: number;
  queuedMs: number;
}

/** Lowest load share, then longest since the last assignment, then lowest id. */
export function byOperatorOrder(a: OperatorEntry, b: OperatorEntry): number {
  const share = a.units * b.capacity - b.units * a.capacity;
  if (share !== 0) return share;
  if (a.lastAssignedMs !== b.lastAssignedMs) return a.lastAssignedMs < b.lastAssignedMs ? -1 : 1;
  return a.id - b.id;
}

/**
 * Highest effective priority first (base priority + one step per `agingSeconds` waited), then longest
 * waiting, then lowest id. Every waiting case ages at the same rate, so the order is fixed by the static key
 * `priority × agingSeconds − queued_at`: it never changes while cases wait and can be kept in a heap.
 */
export function waitingOrder(agingSeconds: number): (a: WaitingCase, b: WaitingCase) => number {
  return (a, b) => {
    if (agingSeconds > 0) {
      const ka = a.priority * agingSeconds * 1000 - a.queuedMs;
      const kb = b.priority * agingSeconds * 1000 - b.queuedMs;
      if (ka !== kb) return kb - ka;
    } else if (a.priority !== b.priority) return b.priority - a.priority;
    if (a.queuedMs !== b.queuedMs) return a.queuedMs - b.queuedMs;
    return a.id - b.id;
  };
}

/**
 * What a case needs after waiting `waitedSeconds`: once it has waited `relaxAfterSeconds[0]` every required
 * level drops to 1; after `relaxAfterSeconds[1]` nothing is required.
 */
export function relaxedSkills(
  required: SkillRef[],
  waitedSeconds: number,
  relaxAfterSeconds: number[],
): SkillRef[] {
  const [levels, drop] = relaxAfterSeconds;
  if (drop !== undefined && waitedSeconds >= drop) return [];
  if (levels !== undefined && waitedSeconds >= levels) return required.map((r) => ({ ...r, level: 1 }));
  return required;
}

/** Whether skills (id → level) meet every requirement. */
export function hasSkills(skills: Map<number, number>, required: SkillRef[]): boolean {
  for (const r of required) if ((skills.get(r.skillId) ?? 0) < r.level) return false;
  return true;
}
