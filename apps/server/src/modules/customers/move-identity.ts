import { noticeText, type Message, type MessageNotice } from '@frontline/shared';
import type { MessageRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { findIdentityByKey, findOpenCase } from '../cases/hot-queries.ts';
import { caseAudience } from '../events/case-audience.ts';
import type { EventWriter } from '../events/event-writer.ts';
import { insertNote } from '../messages/insert-note.ts';
import { stringifyMessageMeta } from '../views.ts';
import type { ContactPointInput } from './upsert-identity.ts';

export interface IdentityMove {
  channelAccountId: number;
  externalId: string;
  newExternalId: string;
  contactPoints?: ContactPointInput[];
  /**
   * Written as a note into the customer's open case (else their latest case) for the operator: its English
   * line as the text, the notice in the note's `meta.notices` (shown in the operator's language).
   */
  note: MessageNotice;
}

/**
 * A customer's id on a channel account changed (a WhatsApp number change): the identity takes the new id
 * (its history, customer and case stay), the provider-attested contact points join the customer, and a note
 * tells the operator. If the new id already has its own identity (they wrote from the new number first), both
 * stay and only the note and contact points are added. Returns `moved`, `noted` (new id already known) or
 * `unknown` (no identity under the old id, e.g. this move was already applied: nothing is written twice).
 *
 * @example await moveIdentity(tx, deps, { channelAccountId: 3, externalId: '16505551234', newExternalId: '16505559999', note: { code: 'account_id_changed', channel: 'whatsapp' } }, now)
 */
export async function moveIdentity(
  tx: Tx,
  deps: { events: EventWriter; messageDto: (row: MessageRow) => Message },
  move: IdentityMove,
  now: string,
): Promise<'moved' | 'noted' | 'unknown'> {
  const [identity] = await findIdentityByKey.run(tx.db, move.channelAccountId, move.externalId);
  if (!identity) return 'unknown';
  const [taken] = await findIdentityByKey.run(tx.db, move.channelAccountId, move.newExternalId);
  if (!taken) {
    await tx.db
      .updateTable('identities')
      .set({ external_id: move.newExternalId, unreachable_reason: null, last_seen_at: now })
      .where('id', '=', identity.id)
      .execute();
  }
  for (const cp of move.contactPoints ?? []) {
    await tx.db
      .insertInto('contact_points')
      .values({
        customer_id: identity.customer_id,
        kind: cp.kind,
        value: cp.value,
        attested_by: cp.attestedBy,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'kind', 'value']).doNothing())
      .execute();
  }
  const [open] = await findOpenCase.run(tx.db, identity.customer_id);
  const caseRow =
    open ??
    (await tx.db
      .selectFrom('cases')
      .selectAll()
      .where('customer_id', '=', identity.customer_id)
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst());
  if (caseRow) {
    const note = await insertNote(tx, {
      caseRow,
      authorOperatorId: null,
      text: noticeText(move.note),
      attachments: '[]',
      clientMsgId: null,
      meta: stringifyMessageMeta({ notices: [move.note] }),
      now,
    });
    await deps.events.toOperators(
      tx,
      { type: 'message.created', message: deps.messageDto(note) },
      caseAudience(caseRow),
    );
  }
  return taken ? 'noted' : 'moved';
}
