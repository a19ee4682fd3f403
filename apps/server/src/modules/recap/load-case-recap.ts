import { ChannelKind, type CaseRecap } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import { loadVisibleCase, type Viewer } from '../cases/case-visibility.ts';
import { parseMessageMeta } from '../views.ts';
import { buildRecap, type RecapMessage } from './build-recap.ts';

/** What the recap reader uses. */
export interface CaseRecapDeps {
  store: Pick<Store, 'db'>;
  clock: Clock;
}

/**
 * A very long case is read at both ends: its first messages (where the topic and the first question are)
 * and its last ones (what is unanswered and promised now). What lies between is in the timeline.
 */
export const recapHead = 200;
export const recapTail = 2000;

function messagesOf(db: CaseRecapDeps['store']['db'], caseId: number, order: 'asc' | 'desc', limit: number) {
  return db
    .selectFrom('messages')
    .leftJoin('operators', 'operators.id', 'messages.author_operator_id')
    .leftJoin('channel_accounts', 'channel_accounts.id', 'messages.channel_account_id')
    .select([
      'messages.id',
      'messages.direction',
      'messages.text',
      'messages.created_at',
      'messages.channel_account_id',
      'messages.identity_id',
      'messages.author_operator_id',
      'messages.status',
      'messages.meta',
      'operators.name as author_name',
      'channel_accounts.kind as channel_kind',
      'channel_accounts.name as channel_name',
    ])
    .where('messages.case_id', '=', caseId)
    .orderBy('messages.id', order)
    .limit(limit)
    .execute();
}

type Row = Awaited<ReturnType<typeof messagesOf>>[number];

function toRecapMessage(row: Row): RecapMessage {
  const meta = parseMessageMeta(row.meta);
  return {
    id: row.id,
    direction: row.direction,
    text: row.text,
    createdAt: row.created_at,
    channel:
      row.channel_account_id === null
        ? null
        : {
            accountId: row.channel_account_id,
            kind: ChannelKind.safeParse(row.channel_kind).data ?? null,
            name: row.channel_name,
          },
    identityId: row.identity_id,
    author:
      row.author_operator_id === null ? null : { operatorId: row.author_operator_id, name: row.author_name },
    failed: row.status === 'failed',
    automated: meta.automated ?? null,
    subject: meta.subject ?? null,
  };
}

/**
 * The recap of a case `viewer` may see (computed now from its messages: nothing is stored); a case they may not
 * see is `CASE_NOT_FOUND`, as for the case itself.
 */
export async function loadCaseRecap(deps: CaseRecapDeps, viewer: Viewer, caseId: number): Promise<CaseRecap> {
  const { db } = deps.store;
  const row = await loadVisibleCase(db, viewer, caseId);
  const entryPoint = await db
    .selectFrom('entry_points')
    .select(['id', 'slug', 'name_ru', 'name_en'])
    .where('id', '=', row.entry_point_id)
    .executeTakeFirstOrThrow();
  const head = await messagesOf(db, caseId, 'asc', recapHead);
  const tail = head.length < recapHead ? [] : (await messagesOf(db, caseId, 'desc', recapTail)).reverse();
  const lastOfHead = head.at(-1)?.id ?? 0;
  const rest = tail.filter((m) => m.id > lastOfHead);
  // Only when the tail does not reach back to the head were messages in between left out.
  const truncated = rest.length === recapTail;
  return buildRecap({
    case: {
      id: row.id,
      status: row.status,
      openedAt: row.opened_at,
      resolvedAt: row.resolved_at,
      entryPoint: {
        id: entryPoint.id,
        slug: entryPoint.slug,
        nameRu: entryPoint.name_ru,
        nameEn: entryPoint.name_en,
      },
    },
    messages: [...head, ...rest].map(toRecapMessage),
    now: deps.clock.now(),
    truncated,
  });
}
