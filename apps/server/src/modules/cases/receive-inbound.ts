import type { CaseRow, MessageRow } from '../../store/schema.ts';
import { RaceLostError } from '../../store/is-retryable-conflict.ts';
import type { Tx } from '../../store/store.ts';
import { attachToMessage } from '../attachments/attach-to-message.ts';
import { lockCustomers } from '../customers/lock-customers.ts';
import { upsertIdentity, type IdentityInput } from '../customers/upsert-identity.ts';
import { caseAudience } from '../events/case-audience.ts';
import {
  stringifyMessageMeta,
  toCaseSummary,
  toChatMessage,
  type MessageMeta,
  type StoredAttachment,
} from '../views.ts';
import { adapterOf, type CaseDeps } from './case-deps.ts';
import { messageDto } from './case-dto.ts';
import { caseSnippet } from './case-snippet.ts';
import {
  findCustomerName,
  findMessageByExternalId,
  insertInboundMessage,
  touchOpenCaseOfCustomer,
  touchCaseOnInbound,
} from './hot-queries.ts';
import { queueAutoAcknowledgement } from './queue-auto-acknowledgement.ts';

/** A normalized inbound message, as a channel adapter's parser produces it. */
export interface InboundMessage {
  channelAccountId: number;
  /** The provider's message id, unique per channel account: a retried webhook is stored once. */
  externalMessageId: string;
  identity: IdentityInput;
  entryPointId: number;
  text: string;
  attachments: StoredAttachment[];
  clientMsgId?: string | null;
  /** Subject, automation flag, full text before quote stripping (e-mail). */
  meta?: MessageMeta;
  /** What the message answers (see InboundEvent.thread): continues a resolved case of the same customer. */
  thread?: { references: string[]; caseId: number | null; continueLatest?: boolean };
  /** The customer's language, when the channel tells it (routing's `languageSkills`). */
  language?: string | null;
}

export interface InboundResult {
  message: MessageRow;
  duplicate: boolean;
}

/**
 * The inbound spine, in one transaction (the caller's `tx`, or a new one): identity/customer upsert, case
 * continue-or-open (routed), message insert, outbox events. A provider retry (same external id) returns the
 * stored message.
 */
export async function receiveInbound(deps: CaseDeps, input: InboundMessage, tx?: Tx): Promise<InboundResult> {
  if (tx) return receiveIn(deps, tx, input);
  return deps.store.write((t) => receiveIn(deps, t, input));
}

async function receiveIn(deps: CaseDeps, tx: Tx, input: InboundMessage): Promise<InboundResult> {
  const { channels, router, events } = deps;
  const account = channels.get(input.channelAccountId);
  const adapter = adapterOf(deps, account.kind);
  const [dup] = await findMessageByExternalId.run(tx.db, input.channelAccountId, input.externalMessageId);
  if (dup) return { message: dup, duplicate: true };

  const now = deps.clock.now().toISOString();
  const identity = await upsertIdentity(tx, input.identity, now, deps);
  const snippet = caseSnippet(input.text, input.attachments);
  // The common path: the customer's open case, touched and read in one statement.
  const [touched] = await touchOpenCaseOfCustomer.run(tx.db, identity.customer_id, identity.id, snippet, now);
  let customerName = touched?.customer_name ?? null;
  let caseRow: CaseRow | undefined = touched && withoutCustomerName(touched);
  const open = caseRow !== undefined;
  let isNew = false;
  if (!caseRow && input.thread) {
    // A reply to a resolved case continues that case, but only when it is the sender's own
    // (failure modes F17 and F18, docs/channels.md).
    const earlier = await threadedCase(tx, input, input.thread, identity.customer_id);
    if (earlier) caseRow = await reopenOnInbound(deps, tx, earlier, now, account.kind);
  }
  if (!caseRow) {
    // Back within the entry point's reopen window, on any channel: the same case, not a new one.
    const recent = await recentlyResolvedCase(tx, identity.customer_id, now);
    if (recent) caseRow = await reopenOnInbound(deps, tx, recent, now, account.kind);
  }
  if (!caseRow) {
    // The customer's row is locked while their new case is opened, so a merge of this customer cannot
    // commit in between and leave the case behind on the merged-away customer (PostgreSQL).
    const [owner] = await lockCustomers(tx, [identity.customer_id]);
    if (owner && owner.merged_into_customer_id !== null) {
      throw new RaceLostError(`customer ${identity.customer_id} was merged while a case was opened`);
    }
    const entryPoint = await tx.db
      .selectFrom('entry_points')
      .select(['queue_id', 'priority'])
      .where('id', '=', input.entryPointId)
      .executeTakeFirstOrThrow();
    const opened = await tx.db
      .insertInto('cases')
      .values({
        customer_id: identity.customer_id,
        entry_point_id: input.entryPointId,
        queue_id: entryPoint.queue_id,
        status: 'queued',
        priority: entryPoint.priority,
        unread: 0,
        opened_at: now,
        queued_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    caseRow = await router.route(tx, opened, now, { kind: account.kind, language: input.language ?? null });
    isNew = true;
  }
  const [message] = await insertInboundMessage.run(
    tx.db,
    caseRow.id,
    identity.customer_id,
    input.channelAccountId,
    identity.id,
    input.text,
    JSON.stringify(input.attachments),
    input.externalMessageId,
    input.clientMsgId ?? null,
    now,
    input.meta ? stringifyMessageMeta(input.meta) : null,
  );
  if (!open) {
    [caseRow] = await touchCaseOnInbound.run(tx.db, caseRow.id, identity.id, snippet, now);
    const [customer] = await findCustomerName.run(tx.db, identity.customer_id);
    customerName = customer?.display_name ?? null;
  }
  if (!message || !caseRow) throw new Error('inbound insert returned no row');
  if (deps.sla) {
    caseRow = isNew
      ? await deps.sla.opened(tx, caseRow, now)
      : await deps.sla.customerWrote(tx, caseRow, now);
  }
  // A customer merge committed between reading the open case and writing to it (PostgreSQL): run again, so
  // the message goes to the customer and case the merge left.
  if (caseRow.merged_into_case_id !== null || caseRow.customer_id !== identity.customer_id) {
    throw new RaceLostError(`case ${caseRow.id} was merged while a message was written to it`);
  }
  await attachToMessage(tx, message.id, input.attachments);

  const summary = toCaseSummary(caseRow, {
    customerName,
    lastChannelKind: account.kind,
    lastMessageMeta: message.meta,
  });
  await events.toOperators(
    tx,
    { type: 'message.created', message: messageDto(deps, message, null), case: summary },
    caseAudience(caseRow),
  );
  if (adapter.capabilities.customerStream) {
    await events.toCustomer(tx, identity.id, {
      type: 'message',
      message: toChatMessage(message, { authorName: null, attachmentUrl: (a) => deps.files.url(a) }),
    });
  }
  tx.afterCommit(() => deps.metrics?.messagesIn.inc({ channel: account.kind }));
  const ack = isNew && !input.meta?.automated ? adapter.autoAcknowledgement?.(account.context) : null;
  if (ack) await queueAutoAcknowledgement(deps, tx, caseRow, identity.id, ack, now);
  // Messenger customers are told when the entry point is closed (the widget shows it itself).
  if (deps.outOfHours && !adapter.capabilities.customerStream && !input.meta?.automated)
    await deps.outOfHours.maybeReply(deps, tx, caseRow, identity.id, now);
  return { message, duplicate: false };
}

function withoutCustomerName(row: CaseRow & { customer_name: string | null }): CaseRow {
  const { customer_name: _, ...caseRow } = row;
  return caseRow;
}

/**
 * The resolved case an inbound message belongs to: the case of a message it refers to, or the case its
 * reply token names, or (for channels that ask) the sender's latest case. Always the sender's own case:
 * a reply to a newsletter from someone else never lands in another customer's case.
 */
async function threadedCase(
  tx: Tx,
  input: InboundMessage,
  thread: NonNullable<InboundMessage['thread']>,
  customerId: number,
): Promise<CaseRow | undefined> {
  const refs = thread.references.slice(0, 100);
  if (refs.length > 0) {
    const referred = await tx.db
      .selectFrom('messages')
      .innerJoin('cases', 'cases.id', 'messages.case_id')
      .selectAll('cases')
      .where('messages.channel_account_id', '=', input.channelAccountId)
      .where('messages.external_id', 'in', refs)
      .where('cases.customer_id', '=', customerId)
      .orderBy('messages.id', 'desc')
      .executeTakeFirst();
    if (referred) return referred;
  }
  if (thread.caseId !== null) {
    const named = await tx.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', thread.caseId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    // A case a customer merge emptied continues as the case that took its messages.
    if (named && named.merged_into_case_id !== null) {
      return tx.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', named.merged_into_case_id)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
    }
    if (named) return named;
  }
  if (thread.continueLatest) {
    return tx.db
      .selectFrom('cases')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('merged_into_case_id', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }
  return undefined;
}

/**
 * The customer's latest case, when it was resolved less than its entry point's `reopen_window_hours` ago
 * (docs/continuity.md). A window of 0 never reopens.
 */
async function recentlyResolvedCase(tx: Tx, customerId: number, now: string): Promise<CaseRow | undefined> {
  const latest = await tx.db
    .selectFrom('cases')
    .innerJoin('entry_points', 'entry_points.id', 'cases.entry_point_id')
    .selectAll('cases')
    .select('entry_points.reopen_window_hours')
    .where('cases.customer_id', '=', customerId)
    .where('cases.status', '=', 'resolved')
    .orderBy('cases.resolved_at', 'desc')
    .orderBy('cases.id', 'desc')
    .executeTakeFirst();
  if (!latest || latest.resolved_at === null) return undefined;
  const { reopen_window_hours: hours, ...row } = latest;
  const age = Date.parse(now) - Date.parse(latest.resolved_at);
  return hours > 0 && age < hours * 3_600_000 ? row : undefined;
}

/**
 * The customer wrote again in a resolved case: it is queued again and goes back to the operator who
 * resolved it when they are online with room, else it is routed like a new one.
 */
async function reopenOnInbound(
  deps: Pick<CaseDeps, 'audit' | 'router'>,
  tx: Tx,
  row: CaseRow,
  now: string,
  kind: string,
): Promise<CaseRow> {
  const reopened = await tx.db
    .updateTable('cases')
    .set({ status: 'queued', assignee_id: null, resolved_at: null, queued_at: now, updated_at: now })
    .where('id', '=', row.id)
    .where('status', '=', 'resolved')
    .returningAll()
    .executeTakeFirst();
  if (!reopened) return row;
  await deps.audit.record(tx, null, 'case.reopen', 'case', reopened.id, { by: 'customer' });
  return deps.router.route(tx, reopened, now, {
    prefer: row.resolved_by_id ?? row.assignee_id,
    kind,
  });
}
