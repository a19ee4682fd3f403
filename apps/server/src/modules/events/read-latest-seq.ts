import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/** The highest cursor (`seq`) given so far, 0 on an empty log: where a stream that starts "now" begins. */
export async function readLatestSeq(db: Kysely<Database>): Promise<number> {
  const top = await db
    .selectFrom('outbox_events')
    .select((eb) => eb.fn.max('seq').as('s'))
    .executeTakeFirst();
  return Number(top?.s ?? 0);
}
