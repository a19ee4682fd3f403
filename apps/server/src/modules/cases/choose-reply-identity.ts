import type { ReplyWindow } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { CaseRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import type { CaseDeps } from './case-deps.ts';
import { replyAvailability, type ReplyAvailability } from './reply-channels.ts';

/** Where a reply goes, and whether that is a new choice to remember on the case. */
export interface ReplyTarget {
  identity: { id: number; channel_account_id: number };
  remember: boolean;
  /** Its reply window, when choosing it already computed it. */
  window?: ReplyWindow;
}

/** A closed reply window still lets an approved template through; every other reason refuses. */
function usable(availability: ReplyAvailability, template: boolean): boolean {
  return availability.available || (template && availability.reason === 'reply_window_closed');
}

/**
 * The identity a reply is sent to (docs/continuity.md, "Choosing the reply channel"):
 * - `identityId` given: it must be the case's customer's (`REPLY_IDENTITY_NOT_CUSTOMERS`) and able to take
 *   the reply now (`REPLY_CHANNEL_UNAVAILABLE` with the reason); it is remembered on the case;
 * - not given: the remembered choice while it can take the reply, else the identity the customer last wrote
 *   from (checked by the caller as before: its reply window). A template without a choice always goes to
 *   the last identity: it was picked from that channel's templates.
 */
export async function chooseReplyIdentity(
  deps: Pick<CaseDeps, 'channels' | 'adapters' | 'clock'>,
  tx: Tx,
  caseRow: CaseRow,
  identityId: number | undefined,
  template: boolean,
): Promise<ReplyTarget> {
  const load = (id: number) =>
    tx.db
      .selectFrom('identities')
      .select(['id', 'customer_id', 'channel_account_id', 'unreachable_reason'])
      .where('id', '=', id)
      .executeTakeFirst();
  if (identityId !== undefined) {
    const identity = await load(identityId);
    if (!identity || identity.customer_id !== caseRow.customer_id) {
      throw new AppError(
        'REPLY_IDENTITY_NOT_CUSTOMERS',
        `identity ${identityId} is not one of this case's customer: pick one of GET /cases/${caseRow.id}/reply-channels`,
        { details: { identityId } },
      );
    }
    const availability = await replyAvailability(deps, tx.db, caseRow, identity);
    if (!usable(availability, template)) {
      throw new AppError(
        'REPLY_CHANNEL_UNAVAILABLE',
        `the customer cannot be answered on this channel now (${availability.reason ?? 'unavailable'}): pick another`,
        { details: { identityId, reason: availability.reason, detail: availability.detail } },
      );
    }
    return { identity, remember: true, window: availability.replyWindow };
  }
  // A template without a choice is one of `GET /cases/:id/templates`: the last identity's channel's.
  if (caseRow.reply_identity_id !== null && !template) {
    const remembered = await load(caseRow.reply_identity_id);
    if (remembered && remembered.customer_id === caseRow.customer_id) {
      const availability = await replyAvailability(deps, tx.db, caseRow, remembered);
      if (availability.available)
        return { identity: remembered, remember: false, window: availability.replyWindow };
    }
  }
  if (caseRow.last_identity_id === null)
    throw new AppError('CONFLICT', 'the customer has no channel to reply on');
  const last = await load(caseRow.last_identity_id);
  if (!last) throw new AppError('CONFLICT', 'the customer has no channel to reply on');
  return { identity: last, remember: false };
}
