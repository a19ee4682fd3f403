import type { Presence } from '@frontline/shared';
import type { OperatorRow } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';

/** A presence to set: `away` may carry a break reason; `offline` may carry its cause (`logout`, …). */
export interface PresenceChange {
  presence: Presence;
  reason: string | null;
}

/** Why an operator was set offline without choosing it themselves (kept as the period's reason). */
export type OfflineCause = 'logout' | 'connection_lost' | 'shift_end' | 'disabled';

/**
 * Sets an operator's presence in the caller's transaction and keeps `presence_log` in step: the open period
 * is closed (`ended_at`) and a new one opened. A change to the presence and reason the operator already has
 * is no change (no new period), and so is going offline when offline, whatever the cause. `unchangedSince`, when given, makes the write conditional: only when the
 * presence has not changed after that instant (the grace rule: nobody else set it meanwhile), and never
 * when the operator is already offline. Returns the operator row and whether it changed; undefined for an
 * unknown operator.
 */
export async function writePresence(
  tx: Tx,
  operatorId: number,
  change: PresenceChange,
  now: string,
  options: { unchangedSince?: string } = {},
): Promise<{ row: OperatorRow; changed: boolean } | undefined> {
  const { presence, reason } = change;
  let update = tx.db
    .updateTable('operators')
    .set({ presence, presence_reason: reason, presence_since: now })
    .where('id', '=', operatorId)
    .where((eb) =>
      presence === 'offline'
        ? eb('presence', '<>', 'offline')
        : eb.or([
            eb('presence', '<>', presence),
            reason === null
              ? eb('presence_reason', 'is not', null)
              : eb.or([eb('presence_reason', 'is', null), eb('presence_reason', '<>', reason)]),
          ]),
    );
  if (options.unchangedSince !== undefined) {
    const since = options.unchangedSince;
    update = update
      .where('presence', '<>', 'offline')
      .where((eb) => eb.or([eb('presence_since', 'is', null), eb('presence_since', '<=', since)]));
  }
  const row = await update.returningAll().executeTakeFirst();
  if (!row) {
    const current = await tx.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', operatorId)
      .executeTakeFirst();
    return current ? { row: current, changed: false } : undefined;
  }
  await tx.db
    .updateTable('presence_log')
    .set({ ended_at: now })
    .where('operator_id', '=', operatorId)
    .where('ended_at', 'is', null)
    .execute();
  await tx.db
    .insertInto('presence_log')
    .values({ operator_id: operatorId, presence, reason, started_at: now })
    .execute();
  return { row, changed: true };
}
