import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';

/**
 * A center-wide setting stored as JSON under one key of `settings`, read through a zod schema whose every
 * field has a default, so a fresh install (no row) gets the defaults.
 */
export class JsonSetting<T> {
  constructor(
    readonly key: string,
    private readonly schema: z.ZodType<T>,
    private readonly deps: { store: Store; clock: Clock },
  ) {}

  /** The current value (the defaults where nothing is stored). */
  async read(db: Kysely<Database> = this.deps.store.db): Promise<T> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', this.key)
      .executeTakeFirst();
    return parseJsonSetting(this.schema, row?.value);
  }

  /** Replaces the value (validated; the caller audits the change). */
  async write(tx: Tx, next: T): Promise<T> {
    const value = JSON.stringify(this.schema.parse(next));
    const updatedAt = this.deps.clock.now().toISOString();
    await tx.db
      .insertInto('settings')
      .values({ key: this.key, value, updated_at: updatedAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
    return parseJsonSetting(this.schema, value);
  }
}

/** Stored JSON → the value; anything missing falls back to its default, anything unreadable to all defaults. */
export function parseJsonSetting<T>(schema: z.ZodType<T>, json: string | undefined | null): T {
  if (!json) return schema.parse({});
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = {};
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : schema.parse({});
}
