import type { ChatEvent } from '@frontline/shared';
import type { Tx } from '../../store/store.ts';
import { adapterOf, type CaseDeps } from '../cases/case-deps.ts';

/** An event for the customer's own stream, when their channel has one (web chat / SDK); else nothing. */
export async function toCustomerIfStreamed(
  deps: Pick<CaseDeps, 'channels' | 'adapters' | 'events'>,
  tx: Tx,
  accountId: number | null,
  identityId: number | null,
  event: ChatEvent,
): Promise<void> {
  const kind = deps.channels.kindOf(accountId);
  if (kind === null || identityId === null || !adapterOf(deps, kind).capabilities.customerStream) return;
  await deps.events.toCustomer(tx, identityId, event);
}
