import { z } from 'zod';

/**
 * Delivery status of a message. Monotonic: a status only moves to a higher rank.
 * Inbound messages use `received` → `read` (read by an operator); outbound use `queued` → `sent` → `delivered` → `read`;
 * `failed` is terminal and carries a typed reason.
 */
export const MessageStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const messageStatusRank: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/** The statuses a message in `status` may still move to (strictly higher rank). */
export function laterStatuses(status: MessageStatus): MessageStatus[] {
  const rank = messageStatusRank[status];
  return MessageStatus.options.filter((s) => messageStatusRank[s] > rank);
}
