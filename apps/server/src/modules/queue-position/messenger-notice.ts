import { sql } from 'kysely';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { messageDto } from '../cases/case-dto.ts';
import { queueOutbound } from '../cases/queue-outbound.ts';
import { caseAudience } from '../events/case-audience.ts';
import { parseMessageMeta } from '../views.ts';

/** The automation marks of the two queue-position messages (`messages.meta.automated`). */
export const announceMark = 'queue-position-announce';
export const answerMark = 'queue-position-answer';

/** The channel kinds whose customers are told their position in a message (the web chat shows it live). */
export const messengerKinds: ReadonlySet<string> = new Set(['telegram', 'whatsapp', 'viber']);

export type NoticeDeps = Pick<CaseDeps, 'events' | 'channels' | 'files' | 'onDeliveryQueued'>;

/** The queue-position messages the case got since `since` (newest first), from the store. */
export async function queueNoticesSince(tx: Tx, caseId: number, since: string) {
  const rows = await tx.db
    .selectFrom('messages')
    .select(['created_at', 'meta'])
    .where('case_id', '=', caseId)
    .where('direction', '=', sql.lit('out'))
    .where('author_operator_id', 'is', null)
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows
    .map((r) => ({ at: r.created_at, mark: parseMessageMeta(r.meta).automated ?? null }))
    .filter((r) => r.mark === announceMark || r.mark === answerMark);
}

/**
 * Queues one automatic queue-position message to the case's customer on `identityId`, like an operator
 * reply but marked automatic, and tells the operators (it shows in the conversation).
 */
export async function queueNotice(
  deps: NoticeDeps,
  tx: Tx,
  caseRow: CaseRow,
  identityId: number,
  text: string,
  mark: typeof announceMark | typeof answerMark,
  now: string,
): Promise<void> {
  const identity = await tx.db
    .selectFrom('identities')
    .select('channel_account_id')
    .where('id', '=', identityId)
    .executeTakeFirst();
  if (!identity) return;
  const message = await queueOutbound(tx, {
    caseRow,
    channelAccountId: identity.channel_account_id,
    identityId,
    authorOperatorId: null,
    text,
    attachments: [],
    template: null,
    clientMsgId: null,
    meta: { automated: mark },
    now,
  });
  await deps.events.toOperators(
    tx,
    { type: 'message.created', message: messageDto(deps, message, null) },
    caseAudience(caseRow),
  );
  tx.afterCommit(() => deps.onDeliveryQueued());
}
