import type { MessageDirection, SearchIndexState } from '@frontline/shared';
import type { Viewer } from '../cases/case-visibility.ts';

/** A message the index found, before its snippet is made. */
export interface MessageMatch {
  id: number;
  caseId: number;
  customerId: number;
  customerName: string | null;
  direction: MessageDirection;
  text: string;
  createdAt: string;
}

/**
 * The port of full-text search over message text, one implementation per dialect
 * (`createMessageSearch`): SQLite FTS5 filled by the search indexer with terms stemmed in code
 * (`search-words.ts`), PostgreSQL `to_tsvector('russian', …)` with a GIN index. Both see only what the
 * visibility rule lets the viewer see.
 */
export interface MessageSearch {
  /**
   * Messages containing every term, most relevant first, then newest. Relevance is ranked within the
   * newest `window` matching messages the viewer may see, so a very common word costs the same as a rare one.
   */
  find(
    viewer: Viewer,
    query: { text: string; terms: readonly string[] },
    limit: number,
  ): Promise<MessageMatch[]>;
  /** How far the index is behind the messages table. */
  state(): Promise<SearchIndexState>;
}

/** How many of the newest matches are ranked by relevance (see `MessageSearch.find`). */
export const rankingWindow = 500;
