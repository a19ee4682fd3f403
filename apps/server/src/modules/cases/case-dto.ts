import type { CaseSummary, Message } from '@frontline/shared';
import type { CaseRow, MessageRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { toCaseSummary, toMessage } from '../views.ts';
import type { CaseDeps } from './case-deps.ts';

/** A stored message as operators see it (channel kind, author, signed attachment URLs). */
export function messageDto(
  deps: Pick<CaseDeps, 'channels' | 'files'>,
  row: MessageRow,
  authorName: string | null,
): Message {
  return toMessage(row, {
    channelKind: deps.channels.kindOf(row.channel_account_id),
    authorName,
    attachmentUrl: (a) => deps.files.url(a),
  });
}

/** A case as the inbox shows it: customer name, last channel and the last message's notices. */
export async function summarizeCase(
  deps: Pick<CaseDeps, 'channels'>,
  db: Tx['db'] | Store['db'],
  row: CaseRow,
): Promise<CaseSummary> {
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
    kind = deps.channels.kindOf(identity?.channel_account_id ?? null);
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
