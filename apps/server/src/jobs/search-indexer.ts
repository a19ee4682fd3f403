import type { Logger } from '../lib/logger.ts';
import { WorkerLoop } from '../lib/worker-loop.ts';
import { indexMessages } from '../modules/search/index-messages.ts';
import type { Store } from '../store/store.ts';

/**
 * The SQLite message index's writer (docs/search.md): tails `messages` by id from its cursor row and writes
 * their stemmed terms into FTS5 in batches, so receiving a message pays nothing for search. Kicked after
 * commits that created messages, with a poll as the fallback (messages written by another process, or
 * before a crash). On PostgreSQL a trigger indexes each message in its own transaction and this job is idle.
 */
export class SearchIndexer {
  private readonly worker: WorkerLoop | undefined;

  constructor(
    private readonly store: Store,
    logger: Logger,
    private readonly batchSize = 500,
  ) {
    if (store.dialect !== 'sqlite') return;
    this.worker = new WorkerLoop({
      name: 'search indexer',
      logger,
      round: () => this.runOnce(),
      more: (count) => count >= this.batchSize,
    });
  }

  start(pollMs = 2000): void {
    this.worker?.start(pollMs);
  }

  stop(): void {
    this.worker?.stop();
  }

  /** New messages were committed: index them soon (kicks coalesce). */
  kick(): void {
    this.worker?.kick();
  }

  /** One batch; how many messages it indexed (0 on PostgreSQL). */
  runOnce(): Promise<number> {
    return this.store.dialect === 'sqlite' ? indexMessages(this.store, this.batchSize) : Promise.resolve(0);
  }

  /** Indexes until nothing is pending (tests, the bench). */
  async catchUp(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }
}
