import type { RoutingSettings, SkillRef } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { PublishedEvent } from '../events/event-bus.ts';
import { parseRoutingSettings } from '../settings/routing-settings.ts';
import { claimCase } from './claim-case.ts';
import { kindOfCase, loadOperators, loadWaiting } from './load-routing-index.ts';
import { parseRequiredSkills, requiredSkillsOf } from './required-skills.ts';
import { applyEvents } from './apply-events.ts';
import { alwaysOpen, type RoutingGate } from './routing-gate.ts';
import { RoutingIndex } from './routing-index.ts';
import { relaxedSkills } from './routing-order.ts';
import { stickyOperatorOf } from './sticky-operator.ts';

export interface RouterDeps {
  clock: Clock;
  /** PostgreSQL: lock the operator's row when assigning. */
  lockRows?: boolean;
  /** Asked before a case is handed out (business hours); default: always open. */
  gate?: RoutingGate;
  /** How long read settings are kept before they are read again (seconds of the clock; default 5). */
  settingsTtlSeconds?: number;
}

export interface RouteOptions {
  /** Never this operator (the one who just gave the case up). */
  exclude?: number | null;
  /** This operator first, when they are online, enabled and have room (the resolver of a reopened case). */
  prefer?: number | null;
  /** The channel kind of the case when its row does not tell yet (a new case before its first message). */
  kind?: string | null;
  /** The customer's language, when known (`languageSkills`). */
  language?: string | null;
}

/** How often a pick is tried again after the store refused the chosen operator. */
const attempts = 5;

/**
 * The ACD (docs/routing.md, "Which operator"): decisions in this node's `RoutingIndex` (rebuilt from the
 * store on first use and by `rebuild()`, updated by its own assignments and by the `case.updated` /
 * `operator.updated` events every node publishes), each assignment re-checked in the store (claim-case.ts).
 */
export class Router {
  readonly index = new RoutingIndex();
  private built = false;
  private readonly dirty = new Set<number>();
  /** Cases queued elsewhere whose wait start is to be read. */
  private readonly unknownWaiting = new Set<number>();
  private settingsCache: { value: RoutingSettings; readAt: number } | null = null;
  private readonly gate: RoutingGate;

  constructor(private readonly deps: RouterDeps) {
    this.gate = deps.gate ?? alwaysOpen;
  }

  /** Forget the index and the settings: both are read from the store again on the next decision. */
  rebuild(): void {
    this.built = false;
    this.settingsCache = null;
  }

  /** The routing settings changed on this node: they are read again on the next decision (other nodes within `settingsTtlSeconds`). */
  settingsChanged(): void {
    this.settingsCache = null;
  }

  /** The operator changed (presence, capacity, skills, queues): their entry is read again before the next pick. */
  operatorChanged(operatorId: number): void {
    this.dirty.add(operatorId);
  }

  /**
   * Cases this transaction put back to waiting outside the router (an operator went offline, a shift ended):
   * they leave their assignee's load and join the waiting cases at once, so a drain in the same transaction
   * hands them out (the bus event that would tell the index comes only after the commit).
   */
  requeued(rows: readonly CaseRow[]): void {
    for (const row of rows) {
      this.index.setCaseLoad(row.id, null, null);
      this.index.putWaiting(waitingOf(row));
    }
  }

  /** Follows the events of every node (the bus): loads, waiting cases and changed operators. */
  observe(events: PublishedEvent[]): void {
    applyEvents(this.index, events, {
      built: this.built,
      nowMs: () => this.deps.clock.now().getTime(),
      operatorChanged: (id) => this.dirty.add(id),
      waitingUnknown: (id) => this.unknownWaiting.add(id),
    });
  }

  /** The operator who should take the next case of `queueId` (no skills, weight 1), or null. */
  async pickOperator(
    tx: Tx,
    queueId: number,
    options: { exclude?: number | null } = {},
  ): Promise<number | null> {
    await this.ready(tx);
    const exclude = new Set(options.exclude != null ? [options.exclude] : []);
    return this.index.pick({ queueId, skills: [], weight: 1, kind: null, exclude })?.id ?? null;
  }

  /** Assign `caseRow` to `operatorId` as asked (a supervisor's or the operator's own choice; not re-checked). */
  async assign(tx: Tx, caseRow: CaseRow, operatorId: number, now: string): Promise<CaseRow> {
    await this.ready(tx);
    await tx.db
      .updateTable('operators')
      .set({ last_assigned_at: now })
      .where('id', '=', operatorId)
      .execute();
    const row = await tx.db
      .updateTable('cases')
      .set({ assignee_id: operatorId, status: 'assigned', updated_at: now })
      .where('id', '=', caseRow.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    this.index.removeWaiting(row.id);
    this.index.setCaseLoad(row.id, operatorId, await kindOfCase(tx.db, row.last_identity_id));
    this.index.markAssigned(operatorId, Date.parse(now));
    return row;
  }

  /**
   * Route one waiting case: to `prefer` if they can take it; else the sticky operator if they qualify; else
   * the best qualifying member of the queue (other than `exclude`); else it waits in the queue.
   */
  async route(tx: Tx, caseRow: CaseRow, now: string, options: RouteOptions = {}): Promise<CaseRow> {
    if (caseRow.status !== 'queued') return caseRow;
    const settings = await this.ready(tx);
    let row = caseRow;
    if (row.required_skills === null || row.queued_at === null) {
      const skills =
        parseRequiredSkills(row.required_skills) ??
        (await requiredSkillsOf(tx.db, row, settings, options.language ?? null));
      row = await tx.db
        .updateTable('cases')
        .set({ required_skills: JSON.stringify(skills), queued_at: row.queued_at ?? now })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const assigned = await this.tryAssign(tx, row, now, settings, options);
    if (assigned) return assigned;
    this.index.putWaiting(waitingOf(row));
    return row;
  }

  /** Whether the operator is online, enabled and has room for a case of weight 1. */
  async canTake(tx: Tx, operatorId: number): Promise<boolean> {
    await this.ready(tx);
    await this.refresh(tx, [operatorId]);
    const entry = this.index.operator(operatorId);
    return entry !== undefined && this.index.fits(entry, { weight: 1, kind: null, exclude: new Set() });
  }

  /**
   * Hand waiting cases of `queueId` to operators with room, in routing order (highest effective priority,
   * then longest waiting); a case nobody qualifies for is passed over. Returns the cases assigned.
   */
  async drainQueue(tx: Tx, queueId: number, now: string, max = 100): Promise<CaseRow[]> {
    const settings = await this.ready(tx);
    const assigned: CaseRow[] = [];
    const open = new Map<number, boolean>();
    for (const waiting of this.index.waitingCases(queueId, max + 200)) {
      if (assigned.length >= max || !this.index.hasRoom(queueId)) break;
      const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', waiting.id).executeTakeFirst();
      if (!row || row.status !== 'queued' || row.queue_id !== queueId) {
        this.index.removeWaiting(waiting.id);
        continue;
      }
      let mayRoute = open.get(row.entry_point_id);
      if (mayRoute === undefined) {
        mayRoute = await this.gate.mayRoute(tx, row.entry_point_id, new Date(now));
        open.set(row.entry_point_id, mayRoute);
      }
      if (!mayRoute) continue;
      const done = await this.tryAssign(tx, row, now, settings, {}, true);
      if (done) assigned.push(done);
    }
    return assigned;
  }

  /** The decision and the claim, tried again when the store disagrees with the index. */
  private async tryAssign(
    tx: Tx,
    row: CaseRow,
    now: string,
    settings: RoutingSettings,
    options: RouteOptions,
    gateAsked = false,
  ): Promise<CaseRow | null> {
    if (!gateAsked && !(await this.gate.mayRoute(tx, row.entry_point_id, new Date(now)))) return null;
    const kind = options.kind ?? (await kindOfCase(tx.db, row.last_identity_id));
    const weight = this.index.weightOf(kind);
    const waited = (Date.parse(now) - Date.parse(row.queued_at ?? now)) / 1000;
    const required = parseRequiredSkills(row.required_skills) ?? [];
    const skills = relaxedSkills(required, waited, settings.relaxAfterSeconds);
    const exclude = new Set<number>(options.exclude != null ? [options.exclude] : []);
    const sticky = await stickyOperatorOf(tx.db, row, settings.stickyHours, now);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const choice = this.choose(row, {
        prefer: options.prefer ?? null,
        sticky,
        skills,
        weight,
        kind,
        exclude,
      });
      if (choice === null) return null;
      const result = await claimCase(tx, {
        caseRow: row,
        operatorId: choice.id,
        weight,
        kind,
        weightOf: (k) => this.index.weightOf(k),
        requireMember: !choice.preferred,
        requiredSkills: required,
        lockRows: this.deps.lockRows ?? false,
        now,
      });
      if (result.ok) {
        this.index.removeWaiting(row.id);
        this.index.setCaseLoad(row.id, choice.id, kind);
        this.index.markAssigned(choice.id, Date.parse(now));
        return result.row;
      }
      if (result.reason === 'case') {
        this.index.removeWaiting(row.id);
        return null;
      }
      if (result.reason === 'busy') {
        if (!result.operatorBusy) return null;
        exclude.add(choice.id);
        continue;
      }
      // The index was behind the store: read the operator again and choose once more without them.
      await this.refresh(tx, [choice.id]);
      exclude.add(choice.id);
    }
    return null;
  }

  private choose(
    row: CaseRow,
    need: {
      prefer: number | null;
      sticky: number | null;
      skills: SkillRef[];
      weight: number;
      kind: string | null;
      exclude: Set<number>;
    },
  ): { id: number; preferred: boolean } | null {
    const fits = { weight: need.weight, kind: need.kind, exclude: need.exclude };
    const prefer = need.prefer !== null ? this.index.operator(need.prefer) : undefined;
    if (prefer && this.index.fits(prefer, fits)) return { id: prefer.id, preferred: true };
    const sticky = need.sticky !== null ? this.index.operator(need.sticky) : undefined;
    if (
      sticky &&
      sticky.queues.includes(row.queue_id) &&
      this.index.fits(sticky, fits) &&
      qualifies(sticky.skills, need.skills)
    ) {
      return { id: sticky.id, preferred: false };
    }
    const best = this.index.pick({ queueId: row.queue_id, skills: need.skills, ...fits });
    return best ? { id: best.id, preferred: false } : null;
  }

  /** The settings (cached for a few seconds of the clock), the index built, changed operators read again. */
  private async ready(tx: Tx): Promise<RoutingSettings> {
    const nowMs = this.deps.clock.now().getTime();
    const ttl = (this.deps.settingsTtlSeconds ?? 5) * 1000;
    if (!this.settingsCache || nowMs - this.settingsCache.readAt >= ttl) {
      const stored = await tx.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'routing')
        .executeTakeFirst();
      this.settingsCache = { value: parseRoutingSettings(stored?.value), readAt: nowMs };
    }
    const settings = this.settingsCache.value;
    this.index.configure(settings.channelWeights, settings.agingSeconds);
    if (!this.built) {
      this.index.clear();
      this.dirty.clear();
      this.unknownWaiting.clear();
      await loadOperators(tx.db, this.index, null);
      await loadWaiting(tx.db, this.index);
      this.built = true;
    }
    if (this.unknownWaiting.size > 0) {
      const ids = [...this.unknownWaiting];
      this.unknownWaiting.clear();
      await loadWaiting(tx.db, this.index, ids);
    }
    if (this.dirty.size > 0) {
      const ids = [...this.dirty];
      this.dirty.clear();
      await this.refresh(tx, ids);
    }
    return settings;
  }

  private async refresh(tx: Tx, ids: number[]): Promise<void> {
    await loadOperators(tx.db, this.index, ids);
  }
}

function qualifies(skills: Map<number, number>, required: SkillRef[]): boolean {
  return required.every((r) => (skills.get(r.skillId) ?? 0) >= r.level);
}

function waitingOf(row: CaseRow) {
  return {
    id: row.id,
    queueId: row.queue_id,
    priority: row.priority,
    queuedMs: Date.parse(row.queued_at ?? row.opened_at),
  };
}
