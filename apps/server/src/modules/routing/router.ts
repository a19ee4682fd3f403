import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { alwaysOpen, type RoutingGate } from './routing-gate.ts';

/**
 * Basic ACD routing: a case goes to the least-loaded online operator of its queue who has capacity
 * left (ties: the one who waited longest since the last assignment); otherwise it waits in the queue,
 * oldest first, until someone frees up.
 */
export class Router {
  /** `gate`: whether a case's entry point may be routed now (business hours); closed ones wait queued. */
  constructor(private readonly gate: RoutingGate = alwaysOpen) {}

  /** Online, enabled operators below their capacity, each with their load (open assigned cases). */
  private available(tx: Tx) {
    return tx.db
      .selectFrom('operators as o')
      .select((eb) => [
        'o.id',
        eb
          .selectFrom('cases as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.assignee_id', '=', 'o.id')
          .where('c.status', '=', 'assigned')
          .as('load'),
      ])
      .where('o.presence', '=', 'online')
      .where('o.disabled', '=', 0)
      .where((eb) =>
        eb(
          eb
            .selectFrom('cases as c2')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('c2.assignee_id', '=', 'o.id')
            .where('c2.status', '=', 'assigned'),
          '<',
          eb.ref('o.capacity'),
        ),
      );
  }

  /** The operator who should take the next case of `queueId`, or null when nobody has capacity. */
  async pickOperator(
    tx: Tx,
    queueId: number,
    options: { exclude?: number | null } = {},
  ): Promise<number | null> {
    let query = this.available(tx)
      .innerJoin('operator_queues as oq', 'oq.operator_id', 'o.id')
      .where('oq.queue_id', '=', queueId)
      .orderBy('load', 'asc')
      .orderBy('o.last_assigned_at', (ob) => ob.asc().nullsFirst())
      .orderBy('o.id', 'asc')
      .limit(1);
    if (options.exclude != null) query = query.where('o.id', '<>', options.exclude);
    const row = await query.executeTakeFirst();
    return row ? row.id : null;
  }

  /** Assign `caseRow` to `operatorId` (status `assigned`). Returns the updated row. */
  async assign(tx: Tx, caseRow: CaseRow, operatorId: number, now: string): Promise<CaseRow> {
    await tx.db
      .updateTable('operators')
      .set({ last_assigned_at: now })
      .where('id', '=', operatorId)
      .execute();
    return tx.db
      .updateTable('cases')
      .set({ assignee_id: operatorId, status: 'assigned', updated_at: now })
      .where('id', '=', caseRow.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Route one case: to `prefer` (the operator who resolved it, when it comes back) if they are online,
   * enabled and have room; else to whoever (other than `exclude`) can take it; else it stays queued.
   */
  async route(
    tx: Tx,
    caseRow: CaseRow,
    now: string,
    options: { exclude?: number | null; prefer?: number | null } = {},
  ): Promise<CaseRow> {
    const { prefer = null, exclude = null } = options;
    if (!(await this.gate.mayRoute(tx, caseRow.entry_point_id, new Date(now)))) return caseRow;
    const operatorId =
      prefer !== null && (await this.canTake(tx, prefer))
        ? prefer
        : await this.pickOperator(tx, caseRow.queue_id, { exclude });
    return operatorId === null ? caseRow : this.assign(tx, caseRow, operatorId, now);
  }

  /** Whether the operator is online, enabled and below their capacity. */
  async canTake(tx: Tx, operatorId: number): Promise<boolean> {
    return (await this.available(tx).where('o.id', '=', operatorId).executeTakeFirst()) !== undefined;
  }

  /**
   * Hand waiting cases of `queueId` to operators with free capacity, highest priority then oldest first.
   * Returns the cases assigned.
   */
  async drainQueue(tx: Tx, queueId: number, now: string, max = 100): Promise<CaseRow[]> {
    const assigned: CaseRow[] = [];
    // Entry points the gate holds now (their cases stay queued) and those it lets through.
    const closed: number[] = [];
    const open = new Set<number>();
    for (let i = 0; i < max; i++) {
      let query = tx.db
        .selectFrom('cases')
        .selectAll()
        .where('queue_id', '=', queueId)
        .where('status', '=', 'queued');
      if (closed.length > 0) query = query.where('entry_point_id', 'not in', closed);
      const next = await query
        .orderBy('priority', 'desc')
        .orderBy('opened_at', 'asc')
        .orderBy('id', 'asc')
        .limit(1)
        .executeTakeFirst();
      if (!next) break;
      if (!open.has(next.entry_point_id)) {
        if (!(await this.gate.mayRoute(tx, next.entry_point_id, new Date(now)))) {
          closed.push(next.entry_point_id);
          i--;
          continue;
        }
        open.add(next.entry_point_id);
      }
      const operatorId = await this.pickOperator(tx, queueId);
      if (operatorId === null) break;
      assigned.push(await this.assign(tx, next, operatorId, now));
    }
    return assigned;
  }
}
