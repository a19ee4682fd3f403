import type { CaseListQuery, CaseStatus, CaseSummary } from '@frontline/shared';
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import type { CaseRow, Database } from '../../store/schema.ts';
import { toCaseSummary } from '../views.ts';
import type { Actor } from './actor.ts';
import { visibleScope } from './case-visibility.ts';

/** One page of the inbox. */
export interface CasePage {
  items: CaseSummary[];
  /** Cases matching the filter on all pages. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One slice of the inbox that a single index serves in order: equalities on status and on queue and/or
 * assignee, so the database walks `(…, status, updated_at, id)` backwards and stops after a page.
 */
interface Branch {
  status: CaseStatus;
  queueId?: number;
  /** null: unassigned. */
  assigneeId?: number | null;
  /** Cases outside these queues only (an operator's own cases in queues they are not in). */
  notInQueues?: readonly number[];
}

/** Past this many branches one query with OR is cheaper to plan than a union of them. */
const maxUnionBranches = 60;

const allStatuses: CaseStatus[] = ['queued', 'assigned', 'resolved'];

const Cursor = z.tuple([z.iso.datetime(), z.number().int().positive()]);
/** A queue-order cursor: `['q', priority, waiting since, id]`. */
const QueueCursor = z.tuple([
  z.literal('q'),
  z.number().int(),
  z.iso.datetime(),
  z.number().int().positive(),
]);

type After =
  | { order: 'activity'; updatedAt: string; id: number }
  | { order: 'queue'; priority: number; waitingSince: string; id: number };

/** The opaque cursor of the page after `row` (the last row of a page). */
function encodeCursor(
  row: Pick<CaseRow, 'updated_at' | 'id' | 'priority' | 'opened_at'> & { queued_at?: string | null },
  queueOrder: boolean,
): string {
  const value = queueOrder
    ? ['q', row.priority, row.queued_at ?? row.opened_at, row.id]
    : [row.updated_at, row.id];
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(cursor: string, queueOrder: boolean): After {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = queueOrder ? QueueCursor.safeParse(value) : Cursor.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      'cursor is not one this server gave out: pass the X-Next-Cursor header of the previous page (of the same status filter), or no cursor for the first page',
    );
  }
  const d = parsed.data;
  return d.length === 4
    ? { order: 'queue', priority: d[1], waitingSince: d[2], id: d[3] }
    : { order: 'activity', updatedAt: d[0], id: d[1] };
}

/**
 * The slices of the inbox `actor` asked for and may see (the rule is `visibleScope`). An operator sees the cases of their queues and
 * the cases assigned to them (in whatever queue): one branch per queue and status, plus one for their own
 * cases outside their queues. The branches are disjoint, so their union has no duplicates.
 */
function branchesOf(actor: Actor, q: CaseListQuery): Branch[] {
  const statuses =
    q.status === undefined
      ? allStatuses
      : q.status === 'open'
        ? (['queued', 'assigned'] as const)
        : [q.status];
  const assigneeId = q.assignee === 'me' ? actor.id : q.assignee === 'none' ? null : undefined;
  const scopes: Array<Omit<Branch, 'status'>> = [];
  const visible = visibleScope(actor);
  if (visible.all || q.assignee === 'me') {
    scopes.push({
      ...(q.queueId === undefined ? {} : { queueId: q.queueId }),
      ...(assigneeId === undefined ? {} : { assigneeId }),
    });
  } else {
    const queues =
      q.queueId === undefined ? visible.queueIds : visible.queueIds.filter((id) => id === q.queueId);
    for (const queueId of queues)
      scopes.push({ queueId, ...(assigneeId === undefined ? {} : { assigneeId }) });
    if (assigneeId === undefined && (q.queueId === undefined || queues.length === 0)) {
      scopes.push({
        assigneeId: visible.operatorId,
        ...(q.queueId === undefined ? {} : { queueId: q.queueId }),
        ...(queues.length > 0 ? { notInQueues: queues } : {}),
      });
    }
  }
  return scopes.flatMap((scope) => statuses.map((status) => ({ ...scope, status })));
}

function branchCondition(eb: ExpressionBuilder<Database, 'cases'>, b: Branch) {
  const and = [eb('cases.status', '=', b.status)];
  if (b.queueId !== undefined) and.push(eb('cases.queue_id', '=', b.queueId));
  if (b.assigneeId === null) and.push(eb('cases.assignee_id', 'is', null));
  else if (b.assigneeId !== undefined) and.push(eb('cases.assignee_id', '=', b.assigneeId));
  if (b.notInQueues) and.push(eb('cases.queue_id', 'not in', b.notInQueues));
  // A case emptied by a customer merge is not a case of its own any more: its messages are in another.
  if (b.status === 'resolved') and.push(eb('cases.merged_into_case_id', 'is', null));
  return eb.and(and);
}

type CasesQuery = SelectQueryBuilder<Database, 'cases', CaseRow>;

/**
 * One page of the inbox, newest change first (`updated_at desc, id desc`) — the waiting cases
 * (`status=queued`) in queue order instead: highest priority first, then longest waiting
 * (`queued_at`, or `opened_at` for a case that has none), then lowest id — with keyset pagination: a
 * cursor names the last case of the previous page, so a page costs the same however deep it is, and a
 * case changed meanwhile is never returned twice (it moves to the top, where realtime events show it).
 * Always two statements, whatever the page size: the page (with customer names, channels and the last
 * message's notices joined in) and the total.
 */
export async function listCases(
  db: Kysely<Database>,
  kindOf: (channelAccountId: number | null) => string | null,
  actor: Actor,
  q: CaseListQuery,
): Promise<CasePage> {
  const branches = branchesOf(actor, q);
  const queueOrder = q.status === 'queued';
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor, queueOrder);
  if (branches.length === 0) return { items: [], total: 0, nextCursor: null };

  const slice = (where: (eb: ExpressionBuilder<Database, 'cases'>) => ReturnType<typeof branchCondition>) => {
    let query: CasesQuery = db.selectFrom('cases').selectAll('cases').where(where);
    if (after?.order === 'activity') {
      query = query.where((eb) =>
        eb(eb.refTuple('cases.updated_at', 'cases.id'), '<', eb.tuple(after.updatedAt, after.id)),
      );
    } else if (after?.order === 'queue') {
      query = query.where((eb) => {
        const since = eb.fn.coalesce('cases.queued_at', 'cases.opened_at');
        return eb.or([
          eb('cases.priority', '<', after.priority),
          eb.and([
            eb('cases.priority', '=', after.priority),
            eb.or([
              eb(since, '>', after.waitingSince),
              eb.and([eb(since, '=', after.waitingSince), eb('cases.id', '>', after.id)]),
            ]),
          ]),
        ]);
      });
    }
    if (queueOrder)
      return query
        .orderBy('cases.priority', 'desc')
        .orderBy((eb) => eb.fn.coalesce('cases.queued_at', 'cases.opened_at'), 'asc')
        .orderBy('cases.id', 'asc')
        .limit(q.limit + 1);
    return query
      .orderBy('cases.updated_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(q.limit + 1);
  };
  const union = branches.length <= maxUnionBranches;
  const slices = union
    ? branches.map((b) => slice((eb) => branchCondition(eb, b)))
    : [slice((eb) => eb.or(branches.map((b) => branchCondition(eb, b))))];
  const [first, ...rest] = slices.map((s, i) => db.selectFrom(s.as(`b${i}`)).selectAll());
  if (!first) return { items: [], total: 0, nextCursor: null };
  const merged = rest.reduce((u, s) => u.unionAll(s), first);

  const rows = await db
    .selectFrom(merged.as('c'))
    .leftJoin('customers', 'customers.id', 'c.customer_id')
    .leftJoin('identities', 'identities.id', 'c.last_identity_id')
    .selectAll('c')
    .select(['customers.display_name as customer_name', 'identities.channel_account_id as last_account_id'])
    // The meta (notices) of the case's last message, for the preview: walks the customer's messages newest
    // first (messages_customer) to the first of this case that is not an internal note.
    .select((eb) =>
      eb
        .selectFrom('messages')
        .select('messages.meta')
        .whereRef('messages.customer_id', '=', 'c.customer_id')
        .whereRef('messages.case_id', '=', 'c.id')
        .where('messages.direction', '<>', 'note')
        .orderBy('messages.id', 'desc')
        .limit(1)
        .as('last_message_meta'),
    )
    .$call((query) =>
      queueOrder
        ? query
            .orderBy('c.priority', 'desc')
            .orderBy((eb) => eb.fn.coalesce('c.queued_at', 'c.opened_at'), 'asc')
            .orderBy('c.id', 'asc')
        : query.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc'),
    )
    .limit(q.limit + 1)
    .execute();

  const counts = union
    ? branches.map((b) =>
        db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => branchCondition(eb, b)),
      )
    : [
        db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => eb.or(branches.map((b) => branchCondition(eb, b)))),
      ];
  const [firstCount, ...restCounts] = counts;
  const totals = firstCount ? await restCounts.reduce((u, c) => u.unionAll(c), firstCount).execute() : [];

  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ customer_name, last_account_id, last_message_meta, ...row }) =>
      toCaseSummary(row, {
        customerName: customer_name,
        lastChannelKind: kindOf(last_account_id),
        lastMessageMeta: last_message_meta,
      }),
    ),
    total: totals.reduce((sum, t) => sum + Number(t.n), 0),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last, queueOrder) : null,
  };
}
