import { laterStatuses, type MessageStatus } from '@frontline/shared';
import { sql, type Kysely } from 'kysely';
import { prepare } from '../../store/prepared.ts';
import { writeWithin } from '../../store/write-within.ts';
import type { CaseRow, Database } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from '../cases/case-deps.ts';
import { caseAudience, loadCaseAudience } from '../events/case-audience.ts';
import { toChatMessage } from '../views.ts';
import { toCustomerIfStreamed } from './to-customer-if-streamed.ts';

/*
 * The one owner of message-status changes (docs/architecture.md). Statuses only move up —
 * outbound `queued` < `sent` < `delivered` < `read`, inbound `received` < `read`; `failed` is terminal and
 * carries its reason — so a late or repeated report never moves a message back. Every change is published
 * (`message.status` to the case's operators, `status` to a customer stream) in the same transaction.
 */

/** What the status changes need: the store, the outbox, the channel accounts and adapters, file URLs. */
export type MessageStatusDeps = Pick<CaseDeps, 'store' | 'events' | 'channels' | 'adapters' | 'files'>;

/**
 * Marks a case's unread inbound messages read, returning them. `direction` and `status` are literals so
 * any plan, also a generic one, matches the partial index `messages_case_unread` (only unread inbound
 * messages are in it).
 */
export const markCaseRead = prepare((db: Kysely<Database>, caseId: number) =>
  db
    .updateTable('messages')
    .set({ status: 'read' })
    .where('case_id', '=', caseId)
    .where('direction', '=', sql.lit('in'))
    .where('status', '=', sql.lit('received'))
    .returning(['id', 'identity_id', 'channel_account_id']),
);

const outbound = ['queued', 'sent', 'delivered', 'read'] as const;
type OutboundStatus = (typeof outbound)[number];

/** The outbound statuses a message may move from to reach `status` (strictly lower rank). */
function movableTo(status: MessageStatus): OutboundStatus[] {
  return outbound.filter((s) => laterStatuses(s).includes(status));
}

/** `message.status` to the operators of the message's case. */
async function publishStatus(
  deps: MessageStatusDeps,
  tx: Tx,
  m: { caseId: number; messageId: number; status: MessageStatus; reason: string | null },
): Promise<void> {
  await deps.events.toOperators(
    tx,
    { type: 'message.status', caseId: m.caseId, messageId: m.messageId, status: m.status, reason: m.reason },
    await loadCaseAudience(tx, m.caseId),
  );
}

/**
 * The dispatcher handed a reply to its channel: `queued` → `sent` with the provider's id. On a customer
 * stream channel this is the moment the customer sees it. False when a later status already arrived.
 */
export async function markSent(
  deps: MessageStatusDeps,
  tx: Tx,
  messageId: number,
  externalId: string,
): Promise<boolean> {
  const sent = await tx.db
    .updateTable('messages')
    .set({ status: 'sent', external_id: externalId })
    .where('id', '=', messageId)
    .where('status', 'in', movableTo('sent'))
    .returningAll()
    .executeTakeFirst();
  if (!sent) return false;
  await publishStatus(deps, tx, { caseId: sent.case_id, messageId: sent.id, status: 'sent', reason: null });
  const author = await tx.db
    .selectFrom('operators')
    .select('name')
    .where('id', '=', sent.author_operator_id ?? -1)
    .executeTakeFirst();
  await toCustomerIfStreamed(deps, tx, sent.channel_account_id, sent.identity_id, {
    type: 'message',
    message: toChatMessage(sent, {
      authorName: author ? (author.name.split(' ')[0] ?? author.name) : null,
      attachmentUrl: (a) => deps.files.url(a),
    }),
  });
  return true;
}

/** The reply will not be delivered (`reason` says why, for the operator). False when already final. */
export async function markFailed(
  deps: MessageStatusDeps,
  tx: Tx,
  messageId: number,
  reason: string,
): Promise<boolean> {
  const failed = await tx.db
    .updateTable('messages')
    .set({ status: 'failed', status_reason: reason })
    .where('id', '=', messageId)
    .where('status', 'in', movableTo('failed'))
    .returning(['id', 'case_id'])
    .executeTakeFirst();
  if (!failed) return false;
  await publishStatus(deps, tx, { caseId: failed.case_id, messageId: failed.id, status: 'failed', reason });
  return true;
}

/**
 * A provider reported a status for one of our outbound messages (by its external id). Monotonic:
 * a late `delivered` never overrides `read`; `failed` (with the provider's reason) is shown to the operator.
 * Unknown ids are ignored (the message may not be ours, or not yet persisted: providers resend).
 */
export async function applyProviderStatus(
  deps: MessageStatusDeps,
  channelAccountId: number,
  externalMessageId: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  reason: string | null,
  /** The caller's transaction (the inbound processor's batch); otherwise a write of its own. */
  within?: Tx,
): Promise<'applied' | 'stale' | 'unknown'> {
  const lower = movableTo(status);
  if (lower.length === 0) return 'stale';
  return writeWithin(deps.store, within, async (tx) => {
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
    await publishStatus(deps, tx, { caseId: updated.case_id, messageId: updated.id, status, reason });
    return 'applied';
  });
}

/**
 * Move outbound messages of a customer identity up to `status` (monotonic: never down), e.g. the customer's
 * client reported delivered/read. Only messages already sent move: a customer acknowledges what reached them.
 * Returns the ids changed.
 */
export async function advanceOutboundStatus(
  deps: MessageStatusDeps,
  tx: Tx,
  where: { identityId: number; upToMessageId: number },
  status: MessageStatus,
): Promise<number[]> {
  const lower = movableTo(status).filter((s) => s !== 'queued');
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
    await publishStatus(deps, tx, { caseId: m.case_id, messageId: m.id, status, reason: null });
    await toCustomerIfStreamed(deps, tx, m.channel_account_id, m.identity_id, {
      type: 'status',
      messageId: m.id,
      status,
    });
  }
  return rows.map((r) => r.id);
}

/**
 * An operator has seen the case: its inbound messages move `received` → `read` (the customer sees ✓✓).
 * Returns how many moved.
 */
export async function markInboundRead(
  deps: MessageStatusDeps,
  tx: Tx,
  row: Pick<CaseRow, 'id' | 'queue_id' | 'assignee_id'>,
): Promise<number> {
  const unread = (await markCaseRead.run(tx.db, row.id)).sort((a, b) => a.id - b.id);
  for (const m of unread) {
    await deps.events.toOperators(
      tx,
      { type: 'message.status', caseId: row.id, messageId: m.id, status: 'read', reason: null },
      caseAudience(row),
    );
    await toCustomerIfStreamed(deps, tx, m.channel_account_id, m.identity_id, {
      type: 'status',
      messageId: m.id,
      status: 'read',
    });
  }
  return unread.length;
}
