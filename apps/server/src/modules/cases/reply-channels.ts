import type { ReplyChannel, ReplyChannelReason, ReplyWindow } from '@frontline/shared';
import type { CaseRow, IdentityRow } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';
import { adapterOf, type CaseDeps } from './case-deps.ts';
import { replyWindow } from './reply-options.ts';

type Db = Tx['db'] | Store['db'];
type Deps = Pick<CaseDeps, 'channels' | 'adapters' | 'clock'>;
type CaseTarget = Pick<CaseRow, 'customer_id' | 'last_identity_id' | 'reply_identity_id'>;

/** Whether one identity can take a reply now, and why not. */
export interface ReplyAvailability {
  available: boolean;
  reason: ReplyChannelReason | null;
  detail: string | null;
  replyWindow: ReplyWindow;
}

/**
 * Whether a reply of this case can go to `identity` now: its channel account is connected and readable, the
 * identity was not marked unreachable, a channel that only answers (`answersOnly`) is the one the customer
 * last wrote on, and the channel's reply window (per identity, as `replyWindow` computes it) is open.
 */
export async function replyAvailability(
  deps: Deps,
  db: Db,
  caseRow: CaseTarget,
  identity: Pick<IdentityRow, 'id' | 'channel_account_id' | 'unreachable_reason'>,
): Promise<ReplyAvailability> {
  const window = await replyWindow(deps, db, {
    customer_id: caseRow.customer_id,
    last_identity_id: identity.id,
  });
  const refuse = (reason: ReplyChannelReason, detail: string | null = null): ReplyAvailability => ({
    available: false,
    reason,
    detail,
    replyWindow: window,
  });
  const account = deps.channels.find(identity.channel_account_id);
  if (!account || account.status === 'disabled') return refuse('channel_disabled');
  if (account.status === 'misconfigured') return refuse('channel_misconfigured');
  if (identity.unreachable_reason !== null)
    return refuse('identity_unreachable', identity.unreachable_reason);
  if (adapterOf(deps, account.kind).capabilities.answersOnly && identity.id !== caseRow.last_identity_id)
    return refuse('channel_answers_only');
  if (!window.open) return refuse('reply_window_closed');
  return { available: true, reason: null, detail: null, replyWindow: window };
}

/**
 * Every identity of the case's customer on a channel still served, with whether a reply can go there now
 * and which one a reply without a choice takes: the remembered choice while available, else the identity
 * the customer last wrote from.
 */
export async function listReplyChannels(deps: Deps, db: Db, caseRow: CaseTarget): Promise<ReplyChannel[]> {
  const identities = await db
    .selectFrom('identities')
    .selectAll()
    .where('customer_id', '=', caseRow.customer_id)
    .orderBy('id')
    .execute();
  const listed: ReplyChannel[] = [];
  for (const identity of identities) {
    const account = deps.channels.find(identity.channel_account_id);
    if (!account) continue;
    const availability = await replyAvailability(deps, db, caseRow, identity);
    listed.push({
      identityId: identity.id,
      channelKind: account.kind,
      channelAccountId: account.id,
      channelName: account.name,
      display: displayOf(account.kind, identity),
      ...availability,
      last: identity.id === caseRow.last_identity_id,
      default: false,
    });
  }
  const remembered = listed.find((c) => c.identityId === caseRow.reply_identity_id && c.available);
  const fallback = remembered ?? listed.find((c) => c.last);
  if (fallback) fallback.default = true;
  return listed;
}

/** How the operator recognises the identity: the address or phone where it is one, else the name. */
function displayOf(kind: ReplyChannel['channelKind'], identity: IdentityRow): string {
  if (kind === 'email') return identity.external_id;
  if (kind === 'whatsapp') return `+${identity.external_id.replace(/^\+/, '')}`;
  return identity.display_name ?? identity.external_id;
}
