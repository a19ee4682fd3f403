import type { ExpressionBuilder, Kysely } from 'kysely';
import { AppError } from '../../lib/errors.ts';
import type { CaseRow, Database } from '../../store/schema.ts';
import type { Actor } from './actor.ts';

/** The part of an actor the visibility rule reads. */
export type Viewer = Pick<Actor, 'id' | 'role'> & { readonly queueIds: readonly number[] };

/**
 * What `viewer` may see — the one rule, written once: supervisors and admins see every case; an operator
 * sees the cases of their queues and the cases assigned to them, in whatever queue.
 */
export type VisibleScope = { all: true } | { all: false; operatorId: number; queueIds: readonly number[] };

/** The visibility rule: everything (not an operator), or the operator's queues and own cases. */
export function visibleScope(viewer: Viewer): VisibleScope {
  if (viewer.role !== 'operator') return { all: true };
  return { all: false, operatorId: viewer.id, queueIds: viewer.queueIds };
}

/** The rule as a predicate on where something sits: in `queueId`, assigned to (or addressed to) `operatorId`. */
export function canSeeAudience(
  viewer: Viewer,
  at: { queueId: number | null; operatorId: number | null },
): boolean {
  const scope = visibleScope(viewer);
  if (scope.all) return true;
  return at.operatorId === scope.operatorId || (at.queueId !== null && scope.queueIds.includes(at.queueId));
}

/**
 * Does this supervisor or admin oversee the queue (its escalations reach them)? Admins oversee every queue; a
 * supervisor the queues they are a member of, or every queue when they are in none; an operator none.
 */
export function overseesQueue(viewer: Viewer, queueId: number): boolean {
  if (viewer.role === 'operator') return false;
  if (viewer.role === 'admin' || viewer.queueIds.length === 0) return true;
  return viewer.queueIds.includes(queueId);
}

/** Can `viewer` see this case? */
export function canSeeCase(viewer: Viewer, c: Pick<CaseRow, 'queue_id' | 'assignee_id'>): boolean {
  return canSeeAudience(viewer, { queueId: c.queue_id, operatorId: c.assignee_id });
}

/** The rule as a query filter on `cases`: `.where((eb) => whereCaseVisible(eb, viewer))`. */
export function whereCaseVisible(eb: ExpressionBuilder<Database, 'cases'>, viewer: Viewer) {
  const scope = visibleScope(viewer);
  if (scope.all) return eb.lit(true);
  return eb.or([
    eb('cases.assignee_id', '=', scope.operatorId),
    ...(scope.queueIds.length > 0 ? [eb('cases.queue_id', 'in', scope.queueIds)] : []),
  ]);
}

/** The rule as a query filter on operator events of the outbox (their queue and operator). */
export function whereEventVisible(eb: ExpressionBuilder<Database, 'outbox_events'>, viewer: Viewer) {
  const scope = visibleScope(viewer);
  if (scope.all) return eb.lit(true);
  return eb.or([
    eb('outbox_events.operator_id', '=', scope.operatorId),
    ...(scope.queueIds.length > 0 ? [eb('outbox_events.queue_id', 'in', scope.queueIds)] : []),
  ]);
}

/** The case, if `viewer` may see it. Not visible and not existing look the same: no probing for case ids. */
export async function loadVisibleCase(
  db: Kysely<Database>,
  viewer: Viewer,
  caseId: number,
): Promise<CaseRow> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || !canSeeCase(viewer, row)) throw new AppError('CASE_NOT_FOUND', `case ${caseId} not found`);
  return row;
}

/** An operator may see a customer when they can see one of the customer's cases; 404 otherwise. */
export async function requireCustomerVisible(
  db: Kysely<Database>,
  viewer: Viewer,
  customerId: number,
): Promise<void> {
  const visible = await db
    .selectFrom('cases')
    .select('id')
    .where('customer_id', '=', customerId)
    .where((eb) => whereCaseVisible(eb, viewer))
    .limit(1)
    .executeTakeFirst();
  if (!visible) throw new AppError('CUSTOMER_NOT_FOUND', `customer ${customerId} not found`);
}

/**
 * Does `viewer` see the customer, i.e. one of their cases (cases in `exceptCaseIds` not counted)? Supervisors
 * and admins see every customer, even one without cases. Used where an answer of 404 would be wrong, such as
 * refusing a merge with 403 (modules/customers/customer-service.ts).
 */
export async function seesCustomer(
  db: Kysely<Database>,
  viewer: Viewer,
  customerId: number,
  exceptCaseIds: readonly number[] = [],
): Promise<boolean> {
  if (visibleScope(viewer).all) return true;
  let query = db
    .selectFrom('cases')
    .select('id')
    .where('customer_id', '=', customerId)
    .where((eb) => whereCaseVisible(eb, viewer));
  if (exceptCaseIds.length > 0) query = query.where('id', 'not in', exceptCaseIds);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** Does `viewer` see one of these cases? (Supervisors and admins: always.) */
export async function seesAnyCase(
  db: Kysely<Database>,
  viewer: Viewer,
  caseIds: readonly number[],
): Promise<boolean> {
  if (visibleScope(viewer).all) return true;
  if (caseIds.length === 0) return false;
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('id', 'in', caseIds)
    .where((eb) => whereCaseVisible(eb, viewer))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
