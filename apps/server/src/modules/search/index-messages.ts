import { sql } from 'kysely';
import type { Store } from '../../store/store.ts';
import { indexedTerms } from './search-words.ts';

/**
 * One round of the SQLite search index: the next `batchSize` messages above the cursor, stemmed outside
 * the write, then their terms and the moved cursor in one write unit (so a crash indexes nothing twice and
 * loses nothing). On SQLite message ids are given in commit order (one writer), so the cursor never skips a
 * message committed later with a lower id. Returns how many messages it indexed.
 */
export async function indexMessages(store: Store, batchSize: number): Promise<number> {
  const { db } = store;
  const cursor = await db
    .selectFrom('message_search_cursor')
    .select('last_message_id')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'text'])
    .where('id', '>', cursor.last_message_id)
    .orderBy('id')
    .limit(batchSize)
    .execute();
  const last = rows.at(-1);
  if (!last) return 0;
  const entries = rows
    .map((r) => ({ rowid: r.id, terms: indexedTerms(r.text) }))
    .filter((e) => e.terms !== '');
  await store.write(async (tx) => {
    // Another node (or an overlapping round) may have indexed these already: the cursor is the judge.
    const moved = await tx.db
      .updateTable('message_search_cursor')
      .set({ last_message_id: last.id })
      .where('id', '=', 1)
      .where('last_message_id', '=', cursor.last_message_id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return;
    // A few hundred rows per statement keeps well under SQLite's limit on bound parameters.
    for (let i = 0; i < entries.length; i += 400) {
      const chunk = entries.slice(i, i + 400);
      await sql`insert into message_search_fts (rowid, terms) values ${sql.join(
        chunk.map((e) => sql`(${e.rowid}, ${e.terms})`),
      )}`.execute(tx.db);
    }
  });
  return rows.length;
}
