import { sql } from 'kysely';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { caseAudience } from '../events/case-audience.ts';
import type { CaseDeps } from './case-deps.ts';
import { messageDto } from './case-dto.ts';
import { queueOutbound } from './queue-outbound.ts';

/**
 * The channel's automatic first answer to a new case, queued like a reply but marked automatic (e-mail
 * sends it with `Auto-Submitted`). At most one a day per customer identity, so two robots never loop.
 */
export async function queueAutoAcknowledgement(
  deps: Pick<CaseDeps, 'events' | 'channels' | 'files' | 'onDeliveryQueued'>,
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
  const ack = await queueOutbound(tx, {
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
  await deps.events.toOperators(
    tx,
    { type: 'message.created', message: messageDto(deps, ack, null) },
    caseAudience(caseRow),
  );
  tx.afterCommit(() => deps.onDeliveryQueued());
}
