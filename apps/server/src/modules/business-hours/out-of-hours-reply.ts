import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { messageDto } from '../cases/case-dto.ts';
import { queueOutbound } from '../cases/queue-outbound.ts';
import { caseAudience } from '../events/case-audience.ts';
import type { EntryPointHours } from './entry-point-hours.ts';

/** What a messenger customer is told out of hours when the entry point says nothing of its own. */
export const builtInOutOfHours = {
  ru: 'Сейчас мы не работаем. Ваше сообщение получено — мы ответим, как только откроемся.',
  en: 'We are closed right now. We have your message and will answer as soon as we open.',
} as const;

/**
 * The out-of-hours reply to a messenger customer (docs/routing.md): when a waiting case's entry point is
 * closed, the entry point's text (or the built-in phrase), in Russian and English, queued like any
 * automatic answer — once per closed period per case (`cases.out_of_hours_replied_at`).
 */
export class OutOfHoursReplies {
  constructor(private readonly hours: EntryPointHours) {}

  /** Returns the case row as it stands after (its `out_of_hours_replied_at` set when the reply went). */
  async maybeReply(
    deps: Pick<CaseDeps, 'events' | 'channels' | 'files' | 'onDeliveryQueued'>,
    tx: Tx,
    caseRow: CaseRow,
    identityId: number,
    now: string,
  ): Promise<CaseRow> {
    if (caseRow.status !== 'queued') return caseRow;
    const calendar = await this.hours.calendarOf(tx.db, caseRow.entry_point_id);
    const at = new Date(now);
    if (!calendar || calendar.isOpen(at)) return caseRow;
    const last = caseRow.out_of_hours_replied_at;
    // Told already in this closed period: no opening since then.
    if (last !== null && (calendar.nextOpening(new Date(last))?.getTime() ?? Infinity) > at.getTime())
      return caseRow;
    const [identity] = await tx.db
      .selectFrom('identities')
      .select('channel_account_id')
      .where('id', '=', identityId)
      .execute();
    const [ep] = await tx.db
      .selectFrom('entry_points')
      .select(['out_of_hours_ru', 'out_of_hours_en'])
      .where('id', '=', caseRow.entry_point_id)
      .execute();
    if (!identity || !ep) return caseRow;
    const ru = ep.out_of_hours_ru ?? builtInOutOfHours.ru;
    const en = ep.out_of_hours_en ?? builtInOutOfHours.en;
    const reply = await queueOutbound(tx, {
      caseRow,
      channelAccountId: identity.channel_account_id,
      identityId,
      authorOperatorId: null,
      text: ru === en ? ru : `${ru}\n\n${en}`,
      attachments: [],
      template: null,
      clientMsgId: null,
      meta: { automated: 'out-of-hours' },
      now,
    });
    const row = await tx.db
      .updateTable('cases')
      .set({ out_of_hours_replied_at: now })
      .where('id', '=', caseRow.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deps.events.toOperators(
      tx,
      { type: 'message.created', message: messageDto(deps, reply, null) },
      caseAudience(row),
    );
    tx.afterCommit(() => deps.onDeliveryQueued());
    return row;
  }
}
