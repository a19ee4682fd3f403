import type {
  CaseSummary,
  ChannelKind,
  ChatEvent,
  Message,
  MessageTemplate,
  ReplyWindow,
  Role,
  SendMessageRequest,
  TemplateChoice,
} from '@frontline/shared';
import { laterStatuses, type MessageStatus } from '@frontline/shared';
import { sql } from 'kysely';
import { adapterFor } from '../../channels/registry.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Metrics } from '../../http/metrics.ts';
import { AppError } from '../../lib/errors.ts';
import type { CaseRow, MessageRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { writeWithin } from '../../store/write-within.ts';
import { attachToMessage } from '../attachments/attach-to-message.ts';
import type { AttachmentUrls } from '../attachments/attachment-urls.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChannelAccounts } from '../channels/channel-accounts.ts';
import { upsertIdentity, type IdentityInput } from '../customers/upsert-identity.ts';
import { moveIdentity, type IdentityMove } from '../customers/move-identity.ts';
import type { EventWriter } from '../events/event-writer.ts';
import type { Router } from '../routing/router.ts';
import {
  stringifyMessageMeta,
  toCaseSummary,
  toChatMessage,
  toMessage,
  type MessageMeta,
  type StoredAttachment,
} from '../views.ts';
import {
  findCustomerName,
  findMessageByExternalId,
  findOpenCase,
  insertInboundMessage,
  markCaseRead,
  touchCaseOnInbound,
} from './hot-queries.ts';

/** Who is acting: the operator's id, role and queues (for access checks). */
export interface Actor {
  id: number;
  name: string;
  role: Role;
  queueIds: number[];
}

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
}

export interface InboundResult {
  message: MessageRow;
  duplicate: boolean;
}

export interface CaseServiceDeps {
  store: Store;
  clock: Clock;
  events: EventWriter;
  router: Router;
  channels: ChannelAccounts;
  files: AttachmentUrls;
  audit: AuditLog;
  /** Called after a commit that queued outbound deliveries. */
  onDeliveryQueued: () => void;
  /** Counts stored inbound messages (frontline_messages_in_total). */
  metrics?: Pick<Metrics, 'messagesIn'>;
}

/** Cases and their messages: the spine's inbound and outbound transactions and the operator's actions. */
export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Can `actor` see this case? Operators see their queues and their own cases; supervisors and admins all. */
  canSee(actor: Actor, c: Pick<CaseRow, 'queue_id' | 'assignee_id'>): boolean {
    return actor.role !== 'operator' || c.assignee_id === actor.id || actor.queueIds.includes(c.queue_id);
  }

  async loadVisibleCase(actor: Actor, caseId: number, db = this.deps.store.db): Promise<CaseRow> {
    const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    // Not visible and not existing look the same: no probing for case ids.
    if (!row || !this.canSee(actor, row)) throw new AppError('CASE_NOT_FOUND', `case ${caseId} not found`);
    return row;
  }

  messageDto(row: MessageRow, authorName: string | null): Message {
    return toMessage(row, {
      channelKind: this.deps.channels.kindOf(row.channel_account_id),
      authorName,
      attachmentUrl: (a) => this.deps.files.url(a),
    });
  }

  /**
   * A customer's id on a channel changed (see `moveIdentity`): move it and tell the operator, in one
   * transaction (the caller's `within`, when it hands one).
   */
  async moveIdentity(move: IdentityMove, within?: Tx): Promise<'moved' | 'noted' | 'unknown'> {
    return writeWithin(this.deps.store, within, (tx) =>
      moveIdentity(
        tx,
        { events: this.deps.events, messageDto: (row) => this.messageDto(row, null) },
        move,
        this.now(),
      ),
    );
  }

  async summarize(db: Tx['db'] | Store['db'], row: CaseRow): Promise<CaseSummary> {
    const customer = await db
      .selectFrom('customers')
      .select('display_name')
      .where('id', '=', row.customer_id)
      .executeTakeFirst();
    let kind: string | null = null;
    if (row.last_identity_id !== null) {
      const identity = await db
        .selectFrom('identities')
        .select('channel_account_id')
        .where('id', '=', row.last_identity_id)
        .executeTakeFirst();
      kind = this.deps.channels.kindOf(identity?.channel_account_id ?? null);
    }
    const last = await db
      .selectFrom('messages')
      .select('meta')
      .where('customer_id', '=', row.customer_id)
      .where('case_id', '=', row.id)
      .where('direction', '<>', 'note')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return toCaseSummary(row, {
      customerName: customer?.display_name ?? null,
      lastChannelKind: kind,
      lastMessageMeta: last?.meta ?? null,
    });
  }

  /**
   * The reply window of the channel the customer last used: open while the channel has none, or while
   * its last inbound message is younger than the window (WhatsApp: 24 h).
   */
  async replyWindow(
    db: Tx['db'] | Store['db'],
    row: Pick<CaseRow, 'customer_id' | 'last_identity_id'>,
  ): Promise<ReplyWindow> {
    if (row.last_identity_id === null) return { channelKind: null, closesAt: null, open: true };
    const identity = await db
      .selectFrom('identities')
      .select(['id', 'channel_account_id'])
      .where('id', '=', row.last_identity_id)
      .executeTakeFirstOrThrow();
    const kind = this.deps.channels.kindOf(identity.channel_account_id);
    const hours = kind === null ? undefined : adapterFor(kind).capabilities.replyWindowHours;
    if (hours === undefined) return { channelKind: kind, closesAt: null, open: true };
    const last = await db
      .selectFrom('messages')
      .select('created_at')
      .where('customer_id', '=', row.customer_id)
      .where('identity_id', '=', identity.id)
      .where('direction', '=', 'in')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return { channelKind: kind, closesAt: null, open: false };
    const closesAt = new Date(Date.parse(last.created_at) + hours * 3_600_000);
    return {
      channelKind: kind,
      closesAt: closesAt.toISOString(),
      open: closesAt.getTime() > this.deps.clock.now().getTime(),
    };
  }

  /** Whether replies on this channel kind may carry quick-reply buttons (`capabilities.buttons`). */
  buttonsSupported(kind: ChannelKind | null): boolean {
    return kind !== null && adapterFor(kind).capabilities.buttons;
  }

  /** Approved templates of a channel account (empty for channels without templates). */
  templatesFor(channelAccountId: number): MessageTemplate[] {
    const account = this.deps.channels.get(channelAccountId);
    return adapterFor(account.kind).templates?.(account.context) ?? [];
  }

  /** Publish `case.updated` to the case's queue and assignee (and to a previous queue after a transfer). */
  private async emitCase(tx: Tx, row: CaseRow, previousQueueId?: number): Promise<CaseSummary> {
    const summary = await this.summarize(tx.db, row);
    await this.deps.events.toOperators(
      tx,
      { type: 'case.updated', case: summary },
      {
        queueId: row.queue_id,
        operatorId: row.assignee_id,
      },
    );
    if (previousQueueId !== undefined && previousQueueId !== row.queue_id) {
      await this.deps.events.toOperators(
        tx,
        { type: 'case.updated', case: summary },
        {
          queueId: previousQueueId,
          operatorId: null,
        },
      );
    }
    return summary;
  }

  /**
   * The inbound spine, in one transaction: identity/customer upsert, case continue-or-open (routed),
   * message insert, outbox events. A provider retry (same external id) returns the stored message.
   * `within`: the caller's transaction (the inbound processor's batch); otherwise a write of its own.
   */
  async receiveInbound(input: InboundMessage, within?: Tx): Promise<InboundResult> {
    const { store, channels, router, events } = this.deps;
    const account = channels.get(input.channelAccountId);
    const adapter = adapterFor(account.kind);
    return writeWithin(store, within, async (tx) => {
      const [dup] = await findMessageByExternalId.run(tx.db, input.channelAccountId, input.externalMessageId);
      if (dup) return { message: dup, duplicate: true };

      const now = this.now();
      const identity = await upsertIdentity(tx, input.identity, now);
      let [caseRow] = await findOpenCase.run(tx.db, identity.customer_id);
      let isNew = false;
      if (!caseRow && input.thread) {
        // A reply to a resolved case continues that case (F17), but only when it is the sender's own (F18).
        const earlier = await this.threadedCase(tx, input, input.thread, identity.customer_id);
        if (earlier) caseRow = await this.reopenOnInbound(tx, earlier, now);
      }
      if (!caseRow) {
        const entryPoint = await tx.db
          .selectFrom('entry_points')
          .select('queue_id')
          .where('id', '=', input.entryPointId)
          .executeTakeFirstOrThrow();
        const opened = await tx.db
          .insertInto('cases')
          .values({
            customer_id: identity.customer_id,
            entry_point_id: input.entryPointId,
            queue_id: entryPoint.queue_id,
            status: 'queued',
            priority: 0,
            unread: 0,
            opened_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        caseRow = await router.route(tx, opened, now);
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
      [caseRow] = await touchCaseOnInbound.run(
        tx.db,
        caseRow.id,
        identity.id,
        snippet(input.text, input.attachments),
        now,
      );
      if (!message || !caseRow) throw new Error('inbound insert returned no row');
      await attachToMessage(tx, message.id, input.attachments);

      const [customer] = await findCustomerName.run(tx.db, caseRow.customer_id);
      const summary = toCaseSummary(caseRow, {
        customerName: customer?.display_name ?? null,
        lastChannelKind: account.kind,
        lastMessageMeta: message.meta,
      });
      await events.toOperators(
        tx,
        { type: 'message.created', message: this.messageDto(message, null), case: summary },
        { queueId: caseRow.queue_id, operatorId: caseRow.assignee_id },
      );
      if (adapter.capabilities.customerStream) {
        await events.toCustomer(tx, identity.id, {
          type: 'message',
          message: toChatMessage(message, { authorName: null, attachmentUrl: (a) => this.deps.files.url(a) }),
        });
      }
      tx.afterCommit(() => this.deps.metrics?.messagesIn.inc({ channel: account.kind }));
      const ack = isNew && !input.meta?.automated ? adapter.autoAcknowledgement?.(account.context) : null;
      if (ack) await this.queueAutoAcknowledgement(tx, caseRow, identity.id, ack, now);
      return { message, duplicate: false };
    });
  }

  /**
   * The resolved case an inbound message belongs to: the case of a message it refers to, or the case its
   * reply token names, or (for channels that ask) the sender's latest case. Always the sender's own case:
   * a reply to a newsletter from someone else never lands in another customer's case.
   */
  private async threadedCase(
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
      if (named) return named;
    }
    if (thread.continueLatest) {
      return tx.db
        .selectFrom('cases')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
    }
    return undefined;
  }

  /**
   * The channel's automatic first answer to a new case, queued like a reply but marked automatic (e-mail
   * sends it with `Auto-Submitted`). At most one a day per customer identity, so two robots never loop.
   */
  private async queueAutoAcknowledgement(
    tx: Tx,
    caseRow: CaseRow,
    identityId: number,
    template: string,
    now: string,
  ): Promise<void> {
    const since = new Date(Date.parse(now) - 24 * 3600_000).toISOString();
    const recent = await tx.db
      .selectFrom('messages')
      .select('id')
      .where('identity_id', '=', identityId)
      // A literal, so the partial index messages_out_identity applies.
      .where('direction', '=', sql.lit('out'))
      .where('author_operator_id', 'is', null)
      .where('created_at', '>', since)
      .executeTakeFirst();
    if (recent) return;
    const [identity] = await tx.db
      .selectFrom('identities')
      .select('channel_account_id')
      .where('id', '=', identityId)
      .execute();
    if (!identity) return;
    const ack = await this.queueOutbound(tx, {
      caseRow,
      channelAccountId: identity.channel_account_id,
      identityId,
      authorOperatorId: null,
      text: template.replaceAll('{case}', String(caseRow.id)),
      attachments: [],
      template: null,
      clientMsgId: null,
      meta: { automated: 'auto-acknowledgement' },
      now,
    });
    await this.deps.events.toOperators(
      tx,
      { type: 'message.created', message: this.messageDto(ack, null) },
      { queueId: caseRow.queue_id, operatorId: caseRow.assignee_id },
    );
    tx.afterCommit(() => this.deps.onDeliveryQueued());
  }

  /** An outbound message and its pending delivery (sent by the dispatcher after the commit). */
  private async queueOutbound(
    tx: Tx,
    m: {
      caseRow: CaseRow;
      channelAccountId: number;
      identityId: number;
      authorOperatorId: number | null;
      text: string;
      attachments: StoredAttachment[];
      template: TemplateChoice | null;
      clientMsgId: string | null;
      meta: MessageMeta;
      now: string;
    },
  ): Promise<MessageRow> {
    const message = await tx.db
      .insertInto('messages')
      .values({
        case_id: m.caseRow.id,
        customer_id: m.caseRow.customer_id,
        direction: 'out',
        channel_account_id: m.channelAccountId,
        identity_id: m.identityId,
        author_operator_id: m.authorOperatorId,
        text: m.text,
        attachments: JSON.stringify(m.attachments),
        template: m.template ? JSON.stringify(m.template) : null,
        external_id: null,
        client_msg_id: m.clientMsgId,
        status: 'queued',
        created_at: m.now,
        meta: stringifyMessageMeta(m.meta),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.db
      .insertInto('deliveries')
      .values({
        message_id: message.id,
        channel_account_id: m.channelAccountId,
        identity_id: m.identityId,
        status: 'pending',
        attempts: 0,
        next_attempt_at: m.now,
        created_at: m.now,
      })
      .execute();
    await attachToMessage(tx, message.id, m.attachments);
    return message;
  }

  /** The customer wrote again in a resolved case: it is queued again and routed like a new one. */
  private async reopenOnInbound(tx: Tx, row: CaseRow, now: string): Promise<CaseRow> {
    const reopened = await tx.db
      .updateTable('cases')
      .set({ status: 'queued', assignee_id: null, resolved_at: null, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'resolved')
      .returningAll()
      .executeTakeFirst();
    if (!reopened) return row;
    await this.deps.audit.record(tx, null, 'case.reopen', 'case', reopened.id, { by: 'customer' });
    return this.deps.router.route(tx, reopened, now);
  }

  /**
   * An operator's reply or internal note. Idempotent on (operator, clientMsgId): a double-click or a
   * retried request returns the first message and never queues a second delivery.
   */
  async sendMessage(actor: Actor, caseId: number, req: SendMessageRequest, attachments: StoredAttachment[]) {
    const message = await this.deps.store.write(async (tx) => {
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
      let caseRow = await this.loadVisibleCase(actor, caseId, tx.db);
      const now = this.now();
      if (req.note) {
        const note = await tx.db
          .insertInto('messages')
          .values({
            case_id: caseRow.id,
            customer_id: caseRow.customer_id,
            direction: 'note',
            channel_account_id: null,
            identity_id: null,
            author_operator_id: actor.id,
            text: req.text,
            attachments: JSON.stringify(attachments),
            external_id: null,
            client_msg_id: req.clientMsgId,
            status: 'sent',
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await attachToMessage(tx, note.id, attachments);
        await this.deps.events.toOperators(
          tx,
          { type: 'message.created', message: this.messageDto(note, actor.name) },
          {
            queueId: caseRow.queue_id,
            operatorId: caseRow.assignee_id,
          },
        );
        return note;
      }
      if (caseRow.status === 'resolved')
        throw new AppError('CASE_RESOLVED', 'the case is resolved: reopen it to reply');
      if (caseRow.last_identity_id === null)
        throw new AppError('CONFLICT', 'the customer has no channel to reply on');
      const identity = await tx.db
        .selectFrom('identities')
        .select(['id', 'channel_account_id'])
        .where('id', '=', caseRow.last_identity_id)
        .executeTakeFirstOrThrow();
      const kind = this.deps.channels.kindOf(identity.channel_account_id);
      if (req.buttons && !this.buttonsSupported(kind)) {
        throw new AppError(
          'BUTTONS_NOT_SUPPORTED',
          `the customer's channel (${kind ?? 'disconnected'}) cannot show quick-reply buttons: send the choices as text`,
          { details: { channelKind: kind } },
        );
      }
      let text = req.text;
      if (req.template) {
        text = renderTemplate(this.templatesFor(identity.channel_account_id), req.template);
      } else {
        const window = await this.replyWindow(tx.db, caseRow);
        if (!window.open) {
          throw new AppError(
            'REPLY_WINDOW_CLOSED',
            "the customer's last message is older than the channel's reply window: send an approved template instead",
            { details: window },
          );
        }
      }
      const reply = await this.queueOutbound(tx, {
        caseRow,
        channelAccountId: identity.channel_account_id,
        identityId: identity.id,
        authorOperatorId: actor.id,
        text,
        attachments: req.template ? [] : attachments,
        template: req.template ?? null,
        clientMsgId: req.clientMsgId,
        meta: req.buttons ? { buttons: req.buttons } : {},
        now,
      });
      if (caseRow.status === 'queued') caseRow = await this.deps.router.assign(tx, caseRow, actor.id, now);
      caseRow = await tx.db
        .updateTable('cases')
        .set({
          first_response_at: caseRow.first_response_at ?? now,
          last_message_text: snippet(req.text, attachments),
          last_message_at: now,
          updated_at: now,
        })
        .where('id', '=', caseRow.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.events.toOperators(
        tx,
        { type: 'message.created', message: this.messageDto(reply, actor.name) },
        {
          queueId: caseRow.queue_id,
          operatorId: caseRow.assignee_id,
        },
      );
      await this.emitCase(tx, caseRow);
      tx.afterCommit(this.deps.onDeliveryQueued);
      return reply;
    });
    return this.messageDto(message, actor.name);
  }

  /** Assign to an operator (or unassign with null): the case goes back to its queue and is re-routed. */
  async assign(actor: Actor, caseId: number, operatorId: number | null): Promise<CaseSummary> {
    return this.deps.store.write(async (tx) => {
      let row = await this.loadVisibleCase(actor, caseId, tx.db);
      if (row.status === 'resolved')
        throw new AppError('CASE_RESOLVED', 'the case is resolved: reopen it first');
      if (actor.role === 'operator' && operatorId !== null && operatorId !== actor.id) {
        throw new AppError('FORBIDDEN', 'operators can only take cases themselves; use transfer');
      }
      const now = this.now();
      const previousAssignee = row.assignee_id;
      if (operatorId === null) {
        row = await tx.db
          .updateTable('cases')
          .set({ assignee_id: null, status: 'queued', updated_at: now })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // Back to the queue: someone else may take it at once; never straight back to who gave it up.
        row = await this.deps.router.route(tx, row, now, previousAssignee);
      } else {
        await this.requireOperator(tx, operatorId);
        row = await this.deps.router.assign(tx, row, operatorId, now);
      }
      await this.deps.audit.record(tx, actor.id, 'case.assign', 'case', row.id, {
        from: previousAssignee,
        to: row.assignee_id,
      });
      const summary = await this.emitCase(tx, row);
      if (previousAssignee !== null && previousAssignee !== operatorId) {
        await this.deps.events.toOperators(
          tx,
          { type: 'case.updated', case: summary },
          {
            queueId: null,
            operatorId: previousAssignee,
          },
        );
      }
      if (previousAssignee !== null && row.assignee_id !== null && row.assignee_id !== previousAssignee) {
        // It went to someone else, so the one who gave it up has room: hand out waiting cases.
        // (While this case still waits, draining would hand it straight back to them.)
        await this.drainForOperator(tx, previousAssignee, now);
      }
      return summary;
    });
  }

  /** Move the case to another queue and/or operator. */
  async transfer(
    actor: Actor,
    caseId: number,
    to: { queueId?: number; operatorId?: number },
  ): Promise<CaseSummary> {
    return this.deps.store.write(async (tx) => {
      const before = await this.loadVisibleCase(actor, caseId, tx.db);
      if (before.status === 'resolved')
        throw new AppError('CASE_RESOLVED', 'the case is resolved: reopen it first');
      const now = this.now();
      const queueId = to.queueId ?? before.queue_id;
      if (to.queueId !== undefined) {
        const q = await tx.db
          .selectFrom('queues')
          .select('id')
          .where('id', '=', to.queueId)
          .executeTakeFirst();
        if (!q) throw new AppError('QUEUE_NOT_FOUND', `queue ${to.queueId} not found`);
      }
      if (to.operatorId !== undefined) await this.requireOperator(tx, to.operatorId);
      let row = await tx.db
        .updateTable('cases')
        .set({
          queue_id: queueId,
          assignee_id: to.operatorId ?? null,
          status: to.operatorId === undefined ? 'queued' : 'assigned',
          updated_at: now,
        })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (to.operatorId !== undefined) row = await this.deps.router.assign(tx, row, to.operatorId, now);
      else row = await this.deps.router.route(tx, row, now);
      await this.deps.audit.record(tx, actor.id, 'case.transfer', 'case', row.id, {
        fromQueue: before.queue_id,
        toQueue: queueId,
        fromOperator: before.assignee_id,
        toOperator: row.assignee_id,
      });
      const summary = await this.emitCase(tx, row, before.queue_id);
      if (before.assignee_id !== null && before.assignee_id !== row.assignee_id) {
        await this.deps.events.toOperators(
          tx,
          { type: 'case.updated', case: summary },
          {
            queueId: null,
            operatorId: before.assignee_id,
          },
        );
        await this.drainForOperator(tx, before.assignee_id, now);
      }
      return summary;
    });
  }

  async resolve(actor: Actor, caseId: number): Promise<CaseSummary> {
    return this.deps.store.write(async (tx) => {
      const before = await this.loadVisibleCase(actor, caseId, tx.db);
      if (before.status === 'resolved') return this.summarize(tx.db, before);
      const now = this.now();
      const row = await tx.db
        .updateTable('cases')
        .set({ status: 'resolved', resolved_at: now, updated_at: now, unread: 0 })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor.id, 'case.resolve', 'case', row.id, {});
      const summary = await this.emitCase(tx, row);
      if (before.assignee_id !== null) await this.drainForOperator(tx, before.assignee_id, now);
      return summary;
    });
  }

  async reopen(actor: Actor, caseId: number): Promise<CaseSummary> {
    return this.deps.store.write(async (tx) => {
      const before = await this.loadVisibleCase(actor, caseId, tx.db);
      if (before.status !== 'resolved') return this.summarize(tx.db, before);
      const other = await tx.db
        .selectFrom('cases')
        .select('id')
        .where('customer_id', '=', before.customer_id)
        .where('status', '<>', 'resolved')
        .executeTakeFirst();
      if (other) {
        throw new AppError('CONFLICT', `the customer already has open case #${other.id}: continue there`, {
          details: { openCaseId: other.id },
        });
      }
      const now = this.now();
      const row = await tx.db
        .updateTable('cases')
        .set({ status: 'assigned', assignee_id: actor.id, resolved_at: null, updated_at: now })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor.id, 'case.reopen', 'case', row.id, {});
      return this.emitCase(tx, row);
    });
  }

  /** The operator has seen the case: inbound messages become `read` (the customer sees ✓✓). */
  async markReadByOperator(actor: Actor, caseId: number): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const row = await this.loadVisibleCase(actor, caseId, tx.db);
      const unread = (await markCaseRead.run(tx.db, row.id)).sort((a, b) => a.id - b.id);
      if (unread.length === 0 && row.unread === 0) return;
      for (const m of unread) {
        await this.deps.events.toOperators(
          tx,
          { type: 'message.status', caseId: row.id, messageId: m.id, status: 'read', reason: null },
          {
            queueId: row.queue_id,
            operatorId: row.assignee_id,
          },
        );
        await this.toCustomerIfStreamed(tx, m.channel_account_id, m.identity_id, {
          type: 'status',
          messageId: m.id,
          status: 'read',
        });
      }
      const updated = await tx.db
        .updateTable('cases')
        .set({ unread: 0 })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.emitCase(tx, updated);
    });
  }

  /**
   * Move outbound messages of `customerId` up to `status` (monotonic: never down), e.g. the customer's
   * client reported delivered/read. Returns the ids changed.
   */
  async advanceOutboundStatus(
    tx: Tx,
    where: { identityId: number; upToMessageId: number },
    status: MessageStatus,
  ): Promise<number[]> {
    const lower = (['sent', 'delivered', 'read'] as const).filter((s) => laterStatuses(s).includes(status));
    // Nothing may move to `status` (e.g. 'sent'): an empty `in ()` is a syntax error on PostgreSQL.
    if (lower.length === 0) return [];
    const rows = await tx.db
      .updateTable('messages')
      .set({ status })
      .where('identity_id', '=', where.identityId)
      // A literal, so the partial index messages_out_identity applies.
      .where('direction', '=', sql.lit('out'))
      .where('id', '<=', where.upToMessageId)
      .where('status', 'in', lower)
      .returning(['id', 'case_id', 'channel_account_id', 'identity_id'])
      .execute();
    for (const m of rows) {
      const c = await tx.db
        .selectFrom('cases')
        .select(['queue_id', 'assignee_id'])
        .where('id', '=', m.case_id)
        .executeTakeFirstOrThrow();
      await this.deps.events.toOperators(
        tx,
        { type: 'message.status', caseId: m.case_id, messageId: m.id, status, reason: null },
        {
          queueId: c.queue_id,
          operatorId: c.assignee_id,
        },
      );
      await this.toCustomerIfStreamed(tx, m.channel_account_id, m.identity_id, {
        type: 'status',
        messageId: m.id,
        status,
      });
    }
    return rows.map((r) => r.id);
  }

  /**
   * A provider reported a status for one of our outbound messages (by its external id). Monotonic:
   * a late `delivered` never overrides `read`; `failed` (with the provider's reason) is shown to the operator.
   * Unknown ids are ignored (the message may not be ours, or not yet persisted: providers resend).
   * `within`: the caller's transaction (the inbound processor's batch); otherwise a write of its own.
   */
  async applyProviderStatus(
    channelAccountId: number,
    externalMessageId: string,
    status: 'sent' | 'delivered' | 'read' | 'failed',
    reason: string | null,
    within?: Tx,
  ): Promise<'applied' | 'stale' | 'unknown'> {
    const lower = (['queued', 'sent', 'delivered', 'read'] as const).filter((s) =>
      laterStatuses(s).includes(status),
    );
    if (lower.length === 0) return 'stale';
    return writeWithin(this.deps.store, within, async (tx) => {
      const updated = await tx.db
        .updateTable('messages')
        .set({ status, status_reason: status === 'failed' ? reason : null })
        .where('channel_account_id', '=', channelAccountId)
        .where('external_id', '=', externalMessageId)
        .where('direction', '=', 'out')
        .where('status', 'in', lower)
        .returning(['id', 'case_id'])
        .executeTakeFirst();
      if (!updated) {
        const known = await tx.db
          .selectFrom('messages')
          .select('id')
          .where('channel_account_id', '=', channelAccountId)
          .where('external_id', '=', externalMessageId)
          .executeTakeFirst();
        return known ? 'stale' : 'unknown';
      }
      const c = await tx.db
        .selectFrom('cases')
        .select(['queue_id', 'assignee_id'])
        .where('id', '=', updated.case_id)
        .executeTakeFirstOrThrow();
      await this.deps.events.toOperators(
        tx,
        { type: 'message.status', caseId: updated.case_id, messageId: updated.id, status, reason },
        { queueId: c.queue_id, operatorId: c.assignee_id },
      );
      return 'applied';
    });
  }

  async toCustomerIfStreamed(tx: Tx, accountId: number | null, identityId: number | null, event: ChatEvent) {
    const kind = this.deps.channels.kindOf(accountId);
    if (kind === null || identityId === null || !adapterFor(kind).capabilities.customerStream) return;
    await this.deps.events.toCustomer(tx, identityId, event);
  }

  private async requireOperator(tx: Tx, operatorId: number): Promise<void> {
    const op = await tx.db
      .selectFrom('operators')
      .select('id')
      .where('id', '=', operatorId)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    if (!op) throw new AppError('OPERATOR_NOT_FOUND', `operator ${operatorId} not found`);
  }

  /** Someone freed up: hand waiting cases of their queues to whoever has capacity. */
  async drainForOperator(tx: Tx, operatorId: number, now: string): Promise<void> {
    const queues = await tx.db
      .selectFrom('operator_queues')
      .select('queue_id')
      .where('operator_id', '=', operatorId)
      .execute();
    for (const q of queues) await this.drainAndEmit(tx, q.queue_id, now);
  }

  private async drainAndEmit(tx: Tx, queueId: number, now: string): Promise<void> {
    const assigned = await this.deps.router.drainQueue(tx, queueId, now);
    for (const row of assigned) await this.emitCase(tx, row);
  }
}

function snippet(text: string, attachments: StoredAttachment[]): string {
  const t = text.trim();
  if (t.length > 0) return t.length > 200 ? `${t.slice(0, 199)}…` : t;
  return attachments.length > 0 ? `📎 ${attachments[0]?.filename ?? ''}` : '';
}

/** The approved body with `{{n}}` filled in; every placeholder needs its parameter. */
export function renderTemplate(templates: MessageTemplate[], choice: TemplateChoice): string {
  const template = templates.find((t) => t.name === choice.name && t.language === choice.language);
  if (!template) {
    throw new AppError(
      'TEMPLATE_NOT_FOUND',
      `no approved template "${choice.name}" (${choice.language}) on this channel`,
    );
  }
  const needed = new Set([...template.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));
  if (needed.size !== choice.params.length) {
    throw new AppError('VALIDATION_FAILED', `template "${choice.name}" takes ${needed.size} parameter(s)`);
  }
  return template.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => choice.params[Number(n) - 1] ?? '');
}
