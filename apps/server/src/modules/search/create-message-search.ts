import type { Store } from '../../store/store.ts';
import type { MessageSearch } from './message-search.ts';
import { PostgresMessageSearch } from './postgres-message-search.ts';
import { SqliteMessageSearch } from './sqlite-message-search.ts';

/** The message search of the store's dialect (the one place that chooses). */
export function createMessageSearch(store: Store): MessageSearch {
  return store.dialect === 'postgres' ? new PostgresMessageSearch(store) : new SqliteMessageSearch(store);
}
