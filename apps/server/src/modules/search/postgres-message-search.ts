import type { SearchIndexState } from '@frontline/shared';
import { sql } from 'kysely';
import type { Store } from '../../store/store.ts';
import { whereCaseVisible, type Viewer } from '../cases/case-visibility.ts';
import { loadMessageMatches } from './load-message-matches.ts';
import { rankingWindow, type MessageMatch, type MessageSearch } from './message-search.ts';

/**
 * Message search on PostgreSQL: `message_search.terms` (`to_tsvector('russian', text)`, GIN index) against
 * `plainto_tsquery('russian', …)` of the typed text, so PostgreSQL stems both sides with its own Snowball
 * Russian stemmer (and English for Latin words). Written by a trigger in the inserting transaction: never behind.
 */
export class PostgresMessageSearch implements MessageSearch {
  constructor(private readonly store: Store) {}

  async find(viewer: Viewer, query: { text: string }, limit: number): Promise<MessageMatch[]> {
    const { db } = this.store;
    const tsquery = sql`plainto_tsquery('russian'::regconfig, ${query.text})`;
    // The newest matches the viewer may see, ranked by ts_rank among them (normalised by the log of the
    // message's length, so a short message about the word beats a long one that mentions it, as on SQLite). For a common word the planner
    // walks message ids backwards and stops early; for a rare one it reads the GIN index.
    const newest = db
      .selectFrom('message_search')
      .innerJoin('messages', 'messages.id', 'message_search.message_id')
      .innerJoin('cases', 'cases.id', 'messages.case_id')
      .where(sql<boolean>`message_search.terms @@ ${tsquery}`)
      .where((eb) => whereCaseVisible(eb, viewer))
      .select([
        'message_search.message_id as id',
        sql<number>`ts_rank(message_search.terms, ${tsquery}, 1)`.as('score'),
      ])
      .orderBy('message_search.message_id', 'desc')
      .limit(rankingWindow);
    const ranked = await db
      .selectFrom(newest.as('w'))
      .select('w.id')
      .orderBy('w.score', 'desc')
      .orderBy('w.id', 'desc')
      .limit(limit)
      .execute();
    return loadMessageMatches(
      db,
      ranked.map((r) => r.id),
    );
  }

  state(): Promise<SearchIndexState> {
    return Promise.resolve({ fresh: true, pendingMessages: 0 });
  }
}
