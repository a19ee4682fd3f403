import { RoutingSettings } from '@frontline/shared';
import type { ChannelKind } from '@frontline/shared';
import type { Kysely } from 'kysely';
import type { Clock } from '../../lib/clock.ts';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';

const key = 'routing';

/**
 * The center's routing settings (docs/routing.md): stored as JSON under `settings.routing`, every field
 * defaulted, so a fresh install routes with the defaults. Read through the store each time it is asked
 * (`read`), or kept by the caller between changes.
 */
export class RoutingSettingsStore {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** The current settings (the defaults where nothing is stored). */
  async read(db: Kysely<Database> = this.deps.store.db): Promise<RoutingSettings> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return parseRoutingSettings(row?.value);
  }

  /** Replaces the settings (validated; the caller audits the change). */
  async write(tx: Tx, settings: RoutingSettings): Promise<RoutingSettings> {
    const value = JSON.stringify(RoutingSettings.parse(settings));
    const updatedAt = this.deps.clock.now().toISOString();
    await tx.db
      .insertInto('settings')
      .values({ key, value, updated_at: updatedAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
    return parseRoutingSettings(value);
  }
}

/** Stored JSON → settings; anything missing or unreadable falls back to its default. */
export function parseRoutingSettings(json: string | undefined | null): RoutingSettings {
  if (!json) return RoutingSettings.parse({});
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = {};
  }
  const parsed = RoutingSettings.safeParse(value);
  return parsed.success ? parsed.data : RoutingSettings.parse({});
}

/** The capacity units one open case of `kind` takes (1 unless configured). */
export function channelWeight(settings: RoutingSettings, kind: ChannelKind | null): number {
  return kind === null ? 1 : (settings.channelWeights[kind] ?? 1);
}
