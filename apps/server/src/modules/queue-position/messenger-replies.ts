import type { QueuePhrases, RoutingSettings } from '@frontline/shared';
import type { Store, Tx } from '../../store/store.ts';
import {
  announceMark,
  answerMark,
  messengerKinds,
  queueNotice,
  queueNoticesSince,
  type NoticeDeps,
} from './messenger-notice.ts';
import { asksForPosition, languageOf, renderPhrase } from './queue-phrases.ts';

/** Something to tell a messenger customer at the queue's next flush. */
export type MessengerTask =
  { caseId: number; kind: 'announce' } | { caseId: number; kind: 'question'; text: string };

export interface ReplyContext {
  deps: NoticeDeps & { store: Store };
  settings: RoutingSettings;
  phrases: QueuePhrases;
  now: number;
  answerEveryMs: number;
}

/** Where the case stands: its position (1: next) and the wait customers are told (null: no estimate). */
export interface Standing {
  position: number;
  wait: number | null;
}

/** The waiting messenger case and the identity to answer on, or null when it no longer waits there. */
async function waitingMessengerCase(ctx: ReplyContext, tx: Tx, caseId: number) {
  const row = await tx.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || row.status !== 'queued' || row.last_identity_id === null) return null;
  const identity = await tx.db
    .selectFrom('identities')
    .select('channel_account_id')
    .where('id', '=', row.last_identity_id)
    .executeTakeFirst();
  const kind = ctx.deps.channels.kindOf(identity ? Number(identity.channel_account_id) : null);
  if (kind === null || !messengerKinds.has(kind)) return null;
  return { row, identityId: Number(row.last_identity_id) };
}

/**
 * On enqueue: one message with the position and the wait when the estimate is above
 * `announceWaitAboveMinutes` (once per wait: a case handed back keeps its `queued_at`, so it is not told
 * again). Without an estimate nothing is announced.
 */
export async function announceToMessenger(ctx: ReplyContext, caseId: number, at: Standing): Promise<void> {
  const { wait, position } = at;
  if (wait === null || wait <= ctx.settings.announceWaitAboveMinutes) return;
  await ctx.deps.store.write(async (tx) => {
    const found = await waitingMessengerCase(ctx, tx, caseId);
    if (!found) return;
    const since = found.row.queued_at ?? found.row.opened_at;
    const earlier = await queueNoticesSince(tx, caseId, since);
    if (earlier.some((n) => n.mark === announceMark)) return;
    const language = languageOf(found.row.last_message_text);
    const text = renderPhrase(ctx.phrases.announce[language], position, wait);
    await queueNotice(ctx.deps, tx, found.row, found.identityId, text, announceMark, iso(ctx.now));
  });
}

/**
 * The customer asked (their text matches `questionPattern`) while the case waits: the current position,
 * unless they were told within `answerEveryMs`.
 */
export async function answerMessengerQuestion(
  ctx: ReplyContext,
  caseId: number,
  text: string,
  at: Standing,
): Promise<void> {
  if (!asksForPosition(ctx.phrases, text)) return;
  await ctx.deps.store.write(async (tx) => {
    const found = await waitingMessengerCase(ctx, tx, caseId);
    if (!found) return;
    const recent = await queueNoticesSince(tx, caseId, iso(ctx.now - ctx.answerEveryMs + 1));
    if (recent.length > 0) return;
    const language = languageOf(text);
    const phrase = at.wait === null ? ctx.phrases.answerNoEstimate : ctx.phrases.answer;
    const reply = renderPhrase(phrase[language], at.position, at.wait);
    await queueNotice(ctx.deps, tx, found.row, found.identityId, reply, answerMark, iso(ctx.now));
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
