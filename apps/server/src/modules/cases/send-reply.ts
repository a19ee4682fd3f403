import type { Message, SendMessageRequest } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { CaseRow, MessageRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { attachToMessage } from '../attachments/attach-to-message.ts';
import { caseAudience } from '../events/case-audience.ts';
import { insertNote } from '../messages/insert-note.ts';
import type { StoredAttachment } from '../views.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './case-deps.ts';
import { messageDto } from './case-dto.ts';
import { caseSnippet } from './case-snippet.ts';
import { chooseReplyIdentity } from './choose-reply-identity.ts';
import { loadVisibleCase } from './case-visibility.ts';
import { publishCase } from './publish-case.ts';
import { queueOutbound } from './queue-outbound.ts';
import {
  buttonsSupported,
  phoneRequestSupported,
  renderTemplate,
  replyWindow,
  templatesFor,
} from './reply-options.ts';

/** What a reply carries besides the request itself (set by other use cases, never by the client). */
export interface ReplyExtras {
  /** Ask for the customer's phone with this button (request-phone.ts); the channel must be able to. */
  phoneRequest?: { label: string };
}

/**
 * An operator's reply or internal note. Idempotent on (operator, clientMsgId): a double-click or a
 * retried request returns the first message and never queues a second delivery.
 */
export async function sendReply(
  deps: CaseDeps,
  actor: Actor,
  caseId: number,
  req: SendMessageRequest,
  attachments: StoredAttachment[],
  extras: ReplyExtras = {},
): Promise<Message> {
  const message = await deps.store.write(async (tx) => {
    const existing = await tx.db
      .selectFrom('messages')
      .selectAll()
      .where('author_operator_id', '=', actor.id)
      .where('client_msg_id', '=', req.clientMsgId)
      .executeTakeFirst();
    if (existing) {
      if (existing.case_id !== caseId) {
        throw new AppError('IDEMPOTENCY_MISMATCH', 'this clientMsgId was already used for another case');
      }
      return existing;
    }
    const caseRow = await loadVisibleCase(tx.db, actor, caseId);
    const now = deps.clock.now().toISOString();
    if (req.note) return addNote(deps, tx, actor, caseRow, req, attachments, now);
    return queueReply(deps, tx, actor, caseRow, req, attachments, now, extras);
  });
  return messageDto(deps, message, actor.name);
}

/** An internal note: stored and shown to operators, never sent. */
async function addNote(
  deps: CaseDeps,
  tx: Tx,
  actor: Actor,
  caseRow: CaseRow,
  req: SendMessageRequest,
  attachments: StoredAttachment[],
  now: string,
): Promise<MessageRow> {
  const note = await insertNote(tx, {
    caseRow,
    authorOperatorId: actor.id,
    text: req.text,
    attachments: JSON.stringify(attachments),
    clientMsgId: req.clientMsgId,
    now,
  });
  await attachToMessage(tx, note.id, attachments);
  await deps.events.toOperators(
    tx,
    { type: 'message.created', message: messageDto(deps, note, actor.name) },
    caseAudience(caseRow),
  );
  return note;
}

/**
 * A reply on the chosen channel (choose-reply-identity.ts; by default the one the customer last used),
 * checked against what that channel allows (buttons, reply window or an approved template), queued for the
 * dispatcher; a queued case is taken by the replier. An explicit choice is remembered on the case.
 */
async function queueReply(
  deps: CaseDeps,
  tx: Tx,
  actor: Actor,
  caseRow: CaseRow,
  req: SendMessageRequest,
  attachments: StoredAttachment[],
  now: string,
  extras: ReplyExtras,
): Promise<MessageRow> {
  if (caseRow.status === 'resolved')
    throw new AppError('CASE_RESOLVED', 'the case is resolved: reopen it to reply');
  const target = await chooseReplyIdentity(deps, tx, caseRow, req.identityId, req.template !== undefined);
  const { identity } = target;
  const kind = deps.channels.kindOf(identity.channel_account_id);
  if (req.buttons && !buttonsSupported(deps, kind)) {
    throw new AppError(
      'BUTTONS_NOT_SUPPORTED',
      `the customer's channel (${kind ?? 'disconnected'}) cannot show quick-reply buttons: send the choices as text`,
      { details: { channelKind: kind } },
    );
  }
  if (req.email && kind !== 'email') {
    throw new AppError(
      'EMAIL_FIELDS_NOT_SUPPORTED',
      `a subject and CC go on e-mail replies only; this reply goes to ${kind ?? 'a disconnected channel'}`,
      { details: { channelKind: kind } },
    );
  }
  if (extras.phoneRequest && !phoneRequestSupported(deps, kind)) {
    throw new AppError(
      'PHONE_REQUEST_NOT_SUPPORTED',
      `the customer's channel (${kind ?? 'disconnected'}) cannot ask for a phone: ask in words`,
      { details: { channelKind: kind } },
    );
  }
  let text = req.text;
  if (req.template) {
    text = renderTemplate(templatesFor(deps, identity.channel_account_id), req.template);
  } else {
    const window =
      target.window ?? (await replyWindow(deps, tx.db, { ...caseRow, last_identity_id: identity.id }));
    if (!window.open) {
      throw new AppError(
        'REPLY_WINDOW_CLOSED',
        "the customer's last message is older than the channel's reply window: send an approved template instead",
        { details: window },
      );
    }
  }
  const reply = await queueOutbound(tx, {
    caseRow,
    channelAccountId: identity.channel_account_id,
    identityId: identity.id,
    authorOperatorId: actor.id,
    text,
    attachments: req.template ? [] : attachments,
    template: req.template ?? null,
    clientMsgId: req.clientMsgId,
    meta: {
      ...(req.buttons ? { buttons: req.buttons } : {}),
      ...(extras.phoneRequest ? { phoneRequest: extras.phoneRequest } : {}),
      ...(req.email?.subject ? { subject: req.email.subject } : {}),
      ...(req.email?.cc && req.email.cc.length > 0 ? { cc: req.email.cc } : {}),
    },
    now,
  });
  let row = caseRow;
  if (row.status === 'queued') row = await deps.router.assign(tx, row, actor.id, now);
  row = await tx.db
    .updateTable('cases')
    .set({
      first_response_at: row.first_response_at ?? now,
      last_message_text: caseSnippet(req.text, attachments),
      last_message_at: now,
      ...(target.remember ? { reply_identity_id: identity.id } : {}),
      updated_at: now,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (deps.sla) row = await deps.sla.operatorReplied(tx, row, now);
  await deps.events.toOperators(
    tx,
    { type: 'message.created', message: messageDto(deps, reply, actor.name) },
    caseAudience(row),
  );
  await publishCase(deps, tx, row);
  tx.afterCommit(deps.onDeliveryQueued);
  return reply;
}
