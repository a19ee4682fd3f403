import type { ChannelKind } from '@frontline/shared';
import type { ChannelHealth, ReceiverEnv } from '../../channels/channel-adapter.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/store.ts';
import type { ChannelAccounts } from './channel-accounts.ts';

/**
 * What a channel kind's receiver gets (see `ChannelAdapter.receiver`): its connected accounts, durable
 * intake through the same raw-event table as webhooks, cursors and health in the store, and only its own
 * settings.
 */
export function createReceiverEnv(deps: {
  kind: ChannelKind;
  store: Store;
  clock: Clock;
  logger: Logger;
  channels: ChannelAccounts;
  /** This kind's own settings, parsed with its adapter's `settingsSchema` (undefined when it has none). */
  settings: unknown;
  accept: (accountId: number, eventKey: string, raw: Buffer) => Promise<void>;
  recordHealth: (accountId: number, health: ChannelHealth) => Promise<void>;
  pollsHere: () => boolean;
}): ReceiverEnv {
  const { store, clock } = deps;
  return {
    accounts: () =>
      deps.channels
        .list()
        .filter((a) => a.kind === deps.kind && a.status === 'active')
        .map((a) => a.context),
    accept: deps.accept,
    pollsHere: deps.pollsHere,
    cursors: {
      async get(accountId, name) {
        const row = await store.db
          .selectFrom('channel_cursors')
          .select('value')
          .where('channel_account_id', '=', accountId)
          .where('name', '=', name)
          .executeTakeFirst();
        return row?.value ?? null;
      },
      async set(accountId, name, value) {
        const now = clock.now().toISOString();
        await store.write(async ({ db }) => {
          await db
            .insertInto('channel_cursors')
            .values({ channel_account_id: accountId, name, value, updated_at: now })
            .onConflict((oc) =>
              oc.columns(['channel_account_id', 'name']).doUpdateSet({ value, updated_at: now }),
            )
            .execute();
        });
      },
    },
    reportHealth: deps.recordHealth,
    logger: deps.logger.child({ receiver: deps.kind }),
    clock,
    settings: deps.settings,
  };
}
