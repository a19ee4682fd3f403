import type { CaseSummary, ChannelKind, Message, MessageStatus } from '@frontline/shared';
import type {
  MessageTemplate,
  ReplyChannel,
  ReplyWindow,
  RequestPhoneRequest,
  SendMessageRequest,
} from '@frontline/shared';
import type { CaseRow, MessageRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { moveIdentity, type IdentityMove } from '../customers/move-identity.ts';
import { upsertIdentity, type IdentityInput } from '../customers/upsert-identity.ts';
import type { IdentityRow } from '../../store/schema.ts';
import * as statuses from '../messages/message-status.ts';
import { writeWithin } from '../../store/write-within.ts';
import type { StoredAttachment } from '../views.ts';
import type { Actor } from './actor.ts';
import { assignCase } from './assign-case.ts';
import type { CaseDeps } from './case-deps.ts';
import { messageDto, summarizeCase } from './case-dto.ts';
import { canSeeCase, loadVisibleCase, requireCustomerVisible } from './case-visibility.ts';
import { drainForOperator } from './drain-queue.ts';
import { markCaseReadByOperator } from './mark-case-read.ts';
import { receiveInbound, type InboundMessage, type InboundResult } from './receive-inbound.ts';
import { reopenCase } from './reopen-case.ts';
import { buttonsSupported, phoneRequestSupported, replyWindow, templatesFor } from './reply-options.ts';
import { listReplyChannels } from './reply-channels.ts';
import { requestPhone } from './request-phone.ts';
import { resolveCase } from './resolve-case.ts';
import { sendReply } from './send-reply.ts';
import { transferCase } from './transfer-case.ts';

export type { Actor } from './actor.ts';
export type { CaseDeps as CaseServiceDeps } from './case-deps.ts';
export type { InboundMessage, InboundResult } from './receive-inbound.ts';
export { renderTemplate } from './reply-options.ts';

type Db = Tx['db'] | Store['db'];

/**
 * Cases and their messages, one use case per file in this folder (docs/architecture.md); this facade
 * only hands its deps to them, so callers keep one object to hold.
 */
export class CaseService {
  constructor(private readonly deps: CaseDeps) {}

  /** Can `actor` see this case? (case-visibility.ts) */
  canSee(actor: Actor, c: Pick<CaseRow, 'queue_id' | 'assignee_id'>): boolean {
    return canSeeCase(actor, c);
  }
  loadVisibleCase(actor: Actor, caseId: number, db: Db = this.deps.store.db): Promise<CaseRow> {
    return loadVisibleCase(db, actor, caseId);
  }
  requireCustomerVisible(actor: Actor, customerId: number, db: Db = this.deps.store.db): Promise<void> {
    return requireCustomerVisible(db, actor, customerId);
  }
  messageDto(row: MessageRow, authorName: string | null): Message {
    return messageDto(this.deps, row, authorName);
  }
  summarize(db: Db, row: CaseRow): Promise<CaseSummary> {
    return summarizeCase(this.deps, db, row);
  }
  replyWindow(db: Db, row: Pick<CaseRow, 'customer_id' | 'last_identity_id'>): Promise<ReplyWindow> {
    return replyWindow(this.deps, db, row);
  }
  /** The identities a reply of this case can go to, with why not and the default (reply-channels.ts). */
  replyChannels(db: Db, row: CaseRow): Promise<ReplyChannel[]> {
    return listReplyChannels(this.deps, db, row);
  }
  buttonsSupported(kind: ChannelKind | null): boolean {
    return buttonsSupported(this.deps, kind);
  }
  phoneRequestSupported(kind: ChannelKind | null): boolean {
    return phoneRequestSupported(this.deps, kind);
  }
  templatesFor(channelAccountId: number): MessageTemplate[] {
    return templatesFor(this.deps, channelAccountId);
  }
  /**
   * A customer's id on a channel changed (see `moveIdentity`): move it and tell the operator, in one
   * transaction (the caller's `within`, when it hands one).
   */
  moveIdentity(move: IdentityMove, within?: Tx): Promise<'moved' | 'noted' | 'unknown'> {
    const messages = {
      events: this.deps.events,
      messageDto: (row: MessageRow) => this.messageDto(row, null),
    };
    return writeWithin(this.deps.store, within, (tx) =>
      moveIdentity(tx, messages, move, this.deps.clock.now().toISOString()),
    );
  }
  /** Finds or creates an identity and its customer, merging customers on equal attested contact points. */
  upsertIdentity(tx: Tx, input: IdentityInput, now: string): Promise<IdentityRow> {
    return upsertIdentity(tx, input, now, this.deps);
  }
  receiveInbound(input: InboundMessage, tx?: Tx): Promise<InboundResult> {
    return receiveInbound(this.deps, input, tx);
  }
  sendMessage(actor: Actor, caseId: number, req: SendMessageRequest, attachments: StoredAttachment[]) {
    return sendReply(this.deps, actor, caseId, req, attachments);
  }
  requestPhone(actor: Actor, caseId: number, req: RequestPhoneRequest): Promise<Message> {
    return requestPhone(this.deps, actor, caseId, req);
  }
  assign(actor: Actor, caseId: number, operatorId: number | null): Promise<CaseSummary> {
    return assignCase(this.deps, actor, caseId, operatorId);
  }
  transfer(
    actor: Actor,
    caseId: number,
    to: { queueId?: number; operatorId?: number; comment?: string },
  ): Promise<CaseSummary> {
    return transferCase(this.deps, actor, caseId, to);
  }
  resolve(actor: Actor, caseId: number): Promise<CaseSummary> {
    return resolveCase(this.deps, actor, caseId);
  }
  reopen(actor: Actor, caseId: number): Promise<CaseSummary> {
    return reopenCase(this.deps, actor, caseId);
  }
  markReadByOperator(actor: Actor, caseId: number): Promise<void> {
    return markCaseReadByOperator(this.deps, actor, caseId);
  }
  drainForOperator(tx: Tx, operatorId: number, now: string): Promise<void> {
    return drainForOperator(this.deps, tx, operatorId, now);
  }
  /** Message statuses: one owner (modules/messages/message-status.ts). */
  advanceOutboundStatus(
    tx: Tx,
    where: { identityId: number; upToMessageId: number },
    status: MessageStatus,
  ): Promise<number[]> {
    return statuses.advanceOutboundStatus(this.deps, tx, where, status);
  }
  applyProviderStatus(
    channelAccountId: number,
    externalMessageId: string,
    status: 'sent' | 'delivered' | 'read' | 'failed',
    reason: string | null,
    within?: Tx,
  ): Promise<'applied' | 'stale' | 'unknown'> {
    return statuses.applyProviderStatus(
      this.deps,
      channelAccountId,
      externalMessageId,
      status,
      reason,
      within,
    );
  }
  markSent(tx: Tx, messageId: number, externalId: string): Promise<boolean> {
    return statuses.markSent(this.deps, tx, messageId, externalId);
  }
  markFailed(tx: Tx, messageId: number, reason: string): Promise<boolean> {
    return statuses.markFailed(this.deps, tx, messageId, reason);
  }
}
