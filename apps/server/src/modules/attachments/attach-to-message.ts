import type { Tx } from '../../store/store.ts';

/**
 * Records that `attachments` were sent with message `messageId` (in the message's own transaction), so
 * they are no longer uploads waiting to be sent and the clean-up of unsent uploads leaves them alone.
 */
export async function attachToMessage(
  tx: Tx,
  messageId: number,
  attachments: ReadonlyArray<{ id: string }>,
): Promise<void> {
  if (attachments.length === 0) return;
  await tx.db
    .updateTable('attachments')
    .set({ message_id: messageId })
    .where(
      'id',
      'in',
      attachments.map((a) => a.id),
    )
    .where('message_id', 'is', null)
    .execute();
}
