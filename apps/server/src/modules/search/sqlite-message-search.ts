import type { SearchIndexState } from '@frontline/shared';
import { sql } from 'kysely';
import type { Store } from '../../store/store.ts';
import { whereCaseVisible, type Viewer } from '../cases/case-visibility.ts';
import { loadMessageMatches } from './load-message-matches.ts';
import { rankingWindow, type MessageMatch, type MessageSearch } from './message-search.ts';

/**
 * Message search on SQLite: FTS5 over the terms the search indexer wrote (`message_search_fts`). The query's
 * terms are stemmed by the same code as the messages', each quoted so no FTS5 syntax gets through.
 */
export class SqliteMessageSearch implements MessageSearch {
  constructor(private readonly store: Store) {}

  async find(viewer: Viewer, query: { terms: readonly string[] }, limit: number): Promise<MessageMatch[]> {
    const match = query.terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
    const { db } = this.store;
    // The newest matches the viewer may see (FTS5 walks its rowids backwards, cheap even for a word in half
    // of the messages), then the shortest first. That is bm25's order here — every message holds each of its
    // terms once and every match holds all the query's terms — without bm25's cost: it counts the rows of
    // each term for its IDF, a walk over the whole posting list (60 ms for a word in 500,000 messages).
    const newest = db
      .selectFrom('message_search_fts')
      .innerJoin('messages', 'messages.id', 'message_search_fts.rowid')
      .innerJoin('cases', 'cases.id', 'messages.case_id')
      .where(sql<boolean>`message_search_fts match ${match}`)
      .where((eb) => whereCaseVisible(eb, viewer))
      .select(['messages.id', sql<number>`length(messages.text)`.as('length')])
      .orderBy('message_search_fts.rowid', 'desc')
      .limit(rankingWindow);
    const ranked = await db
      .selectFrom(newest.as('w'))
      .select('w.id')
      .orderBy('w.length')
      .orderBy('w.id', 'desc')
      .limit(limit)
      .execute();
    return loadMessageMatches(
      db,
      ranked.map((r) => r.id),
    );
  }

  async state(): Promise<SearchIndexState> {
    const { db } = this.store;
    const cursor = await db
      .selectFrom('message_search_cursor')
      .select('last_message_id')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const pending = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '>', cursor.last_message_id)
      .executeTakeFirstOrThrow();
    const pendingMessages = Number(pending.n);
    return { fresh: pendingMessages === 0, pendingMessages };
  }
}
