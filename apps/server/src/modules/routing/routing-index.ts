import type { SkillRef } from '@frontline/shared';
import { IndexedHeap } from './indexed-heap.ts';
import {
  byOperatorOrder,
  hasSkills,
  waitingOrder,
  type OperatorEntry,
  type WaitingCase,
} from './routing-order.ts';

/** The members of one queue with free capacity, best first: all of them, and per skill those who have it. */
interface Pool {
  all: IndexedHeap<OperatorEntry>;
  bySkill: Map<number, IndexedHeap<OperatorEntry>>;
}

const newHeap = () => new IndexedHeap<OperatorEntry>((e) => e.id, byOperatorOrder);

/** What a pick must satisfy besides queue membership. */
export interface PickNeed {
  queueId: number;
  skills: SkillRef[];
  weight: number;
  kind: string | null;
  exclude: ReadonlySet<number>;
}

/**
 * This node's picture of routing (docs/routing.md, "Which operator"): online operators per queue in heaps
 * (lowest load share, then longest since the last assignment, then lowest id), one of all members with free
 * capacity and one per skill (the members who have it, at any level), the open assigned cases that make up
 * each operator's load, and the waiting cases of each queue in routing order. A case without skills takes
 * the top of the queue's heap that fits (weight, channel limit): O(log n) for n online members. A case with
 * skills walks the smallest heap of its skills best first, passing over members who lack a skill or level:
 * O(k log k) for the k better members passed over. The index is a hint: the store re-checks every
 * assignment (claim-case.ts).
 */
export class RoutingIndex {
  private readonly operators = new Map<number, OperatorEntry>();
  private readonly pools = new Map<number, Pool>();
  /** Open assigned cases: case id → operator and channel kind ('' unknown). */
  private readonly loads = new Map<number, { operatorId: number; kind: string }>();
  /** operator id → ids of their open assigned cases (also for operators not online). */
  private readonly casesOf = new Map<number, Set<number>>();
  private readonly waiting = new Map<number, IndexedHeap<WaitingCase>>();
  private weights: Record<string, number> = {};
  private agingSeconds = 60;

  clear(): void {
    this.operators.clear();
    this.pools.clear();
    this.loads.clear();
    this.casesOf.clear();
    this.waiting.clear();
  }

  /** Channel weights and the aging step changed: loads and waiting orders are recomputed. */
  configure(weights: Record<string, number>, agingSeconds: number): void {
    const weightsChanged = JSON.stringify(weights) !== JSON.stringify(this.weights);
    this.weights = weights;
    if (weightsChanged) for (const entry of this.operators.values()) this.reposition(entry, () => {});
    if (agingSeconds !== this.agingSeconds) {
      this.agingSeconds = agingSeconds;
      for (const heap of this.waiting.values()) heap.reorder(waitingOrder(agingSeconds));
    }
  }

  weightOf(kind: string | null): number {
    return kind ? (this.weights[kind] ?? 1) : 1;
  }

  operator(id: number): OperatorEntry | undefined {
    return this.operators.get(id);
  }

  /** Puts (or replaces) an operator; `cases` given: their open assigned cases replace the known ones. */
  putOperator(
    fields: Omit<OperatorEntry, 'counts' | 'units'>,
    cases?: Array<{ id: number; kind: string | null }>,
  ): void {
    const old = this.operators.get(fields.id);
    if (old) this.detach(old);
    const entry: OperatorEntry = { ...fields, counts: new Map(), units: 0 };
    this.operators.set(entry.id, entry);
    if (cases) {
      for (const caseId of this.casesOf.get(entry.id) ?? []) this.loads.delete(caseId);
      this.casesOf.delete(entry.id);
      for (const c of cases) {
        const before = this.loads.get(c.id);
        if (before) this.casesOf.get(before.operatorId)?.delete(c.id);
        this.link(c.id, entry.id, c.kind ?? '');
      }
    }
    for (const caseId of this.casesOf.get(entry.id) ?? []) {
      const kind = this.loads.get(caseId)?.kind ?? '';
      entry.counts.set(kind, (entry.counts.get(kind) ?? 0) + 1);
    }
    this.reposition(entry, () => {});
  }

  removeOperator(id: number): void {
    const entry = this.operators.get(id);
    if (!entry) return;
    this.detach(entry);
    this.operators.delete(id);
  }

  /** A case is now open and assigned to `operatorId` (null: not assigned any more, or resolved). */
  setCaseLoad(caseId: number, operatorId: number | null, kind: string | null): void {
    const before = this.loads.get(caseId);
    const k = kind ?? before?.kind ?? '';
    if (before && before.operatorId === operatorId && before.kind === k) return;
    if (before) {
      this.loads.delete(caseId);
      this.casesOf.get(before.operatorId)?.delete(caseId);
      const entry = this.operators.get(before.operatorId);
      if (entry) this.reposition(entry, () => bump(entry.counts, before.kind, -1));
    }
    if (operatorId === null) return;
    this.link(caseId, operatorId, k);
    const entry = this.operators.get(operatorId);
    if (entry) this.reposition(entry, () => bump(entry.counts, k, 1));
  }

  /** The operator that holds `caseId` in the index, if any. */
  assigneeOf(caseId: number): number | undefined {
    return this.loads.get(caseId)?.operatorId;
  }

  markAssigned(operatorId: number, atMs: number): void {
    const entry = this.operators.get(operatorId);
    if (entry) this.reposition(entry, () => (entry.lastAssignedMs = atMs));
  }

  /** Whether the operator is online, a member of `need.queueId` when asked, has the room and channel slot. */
  fits(entry: OperatorEntry, need: Omit<PickNeed, 'queueId' | 'skills'>): boolean {
    if (!entry.online || need.exclude.has(entry.id)) return false;
    if (entry.units + need.weight > entry.capacity) return false;
    const limit = need.kind ? entry.limits[need.kind] : undefined;
    return limit === undefined || (entry.counts.get(need.kind ?? '') ?? 0) < limit;
  }

  /** The best operator for `need`, or null. */
  pick(need: PickNeed): OperatorEntry | null {
    const pool = this.pools.get(need.queueId);
    if (!pool) return null;
    let heap = pool.all;
    for (const r of need.skills) {
      const withSkill = pool.bySkill.get(r.skillId);
      if (!withSkill || withSkill.size === 0) return null;
      if (withSkill.size < heap.size || heap === pool.all) heap = withSkill;
    }
    return (
      heap.first(
        (e) => this.fits(e, need) && (need.skills.length === 0 || hasSkills(e.skills, need.skills)),
      ) ?? null
    );
  }

  /** Whether any member of the queue has free capacity at all. */
  hasRoom(queueId: number): boolean {
    return (this.pools.get(queueId)?.all.size ?? 0) > 0;
  }

  putWaiting(c: WaitingCase): void {
    for (const [queueId, heap] of this.waiting) if (queueId !== c.queueId) heap.remove(c.id);
    let heap = this.waiting.get(c.queueId);
    if (!heap) {
      heap = new IndexedHeap<WaitingCase>((w) => w.id, waitingOrder(this.agingSeconds));
      this.waiting.set(c.queueId, heap);
    }
    heap.upsert(c);
  }

  removeWaiting(caseId: number): void {
    for (const heap of this.waiting.values()) heap.remove(caseId);
  }

  /** Up to `n` waiting cases of the queue, in routing order. */
  waitingCases(queueId: number, n: number): WaitingCase[] {
    const out: WaitingCase[] = [];
    const heap = this.waiting.get(queueId);
    if (!heap) return out;
    for (const c of heap.ordered()) {
      if (out.length >= n) break;
      out.push(c);
    }
    return out;
  }

  waitingCount(queueId: number): number {
    return this.waiting.get(queueId)?.size ?? 0;
  }

  private link(caseId: number, operatorId: number, kind: string): void {
    this.loads.set(caseId, { operatorId, kind });
    let set = this.casesOf.get(operatorId);
    if (!set) this.casesOf.set(operatorId, (set = new Set()));
    set.add(caseId);
  }

  /** Applies `change` to the entry and moves it in (or out of) its heaps. */
  private reposition(entry: OperatorEntry, change: () => void): void {
    change();
    let units = 0;
    for (const [kind, n] of entry.counts) units += n * this.weightOf(kind || null);
    entry.units = units;
    const eligible = entry.online && entry.units < entry.capacity;
    for (const heap of this.heapsOf(entry)) {
      if (eligible) heap.upsert(entry);
      else heap.remove(entry.id);
    }
  }

  private detach(entry: OperatorEntry): void {
    for (const heap of this.heapsOf(entry)) heap.remove(entry.id);
  }

  /** The heaps the operator belongs in: each of their queues' `all`, and that queue's heap of each skill. */
  private *heapsOf(entry: OperatorEntry): Generator<IndexedHeap<OperatorEntry>> {
    for (const queueId of entry.queues) {
      let pool = this.pools.get(queueId);
      if (!pool) this.pools.set(queueId, (pool = { all: newHeap(), bySkill: new Map() }));
      yield pool.all;
      for (const skillId of entry.skills.keys()) {
        let heap = pool.bySkill.get(skillId);
        if (!heap) pool.bySkill.set(skillId, (heap = newHeap()));
        yield heap;
      }
    }
  }
}

function bump(counts: Map<string, number>, kind: string, by: number): void {
  const n = (counts.get(kind) ?? 0) + by;
  if (n <= 0) counts.delete(kind);
  else counts.set(kind, n);
}
