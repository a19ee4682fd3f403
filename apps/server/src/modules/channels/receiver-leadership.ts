import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/store.ts';

/** The advisory-lock key of "this node polls the channels" (IMAP mailboxes, review polling). */
const leaderLockKey = 7_031_002;

/**
 * Which node runs the channels' pollers. A mailbox or a review feed must be read by one node only (two
 * IMAP readers double the work, two review pollers spend the Google quota twice); pushed traffic (webhooks,
 * SMTP) is taken on every node. On SQLite there is one node: always the leader. On PostgreSQL a node leads
 * while it holds a session advisory lock on a connection of its own; if the node dies, the database drops the
 * lock with the connection and another node takes over within `retryMs`. If the connection breaks (database
 * restarted, backend terminated), this node stops polling at once and tries for the lock again every
 * `retryMs` until the database answers; whichever node gets it then leads.
 */
export class ReceiverLeadership {
  private leader = false;
  private stopped = false;
  private release: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private held: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly deps: {
      store: Store;
      logger: Logger;
      onChange: () => void;
      /** How soon to try again for the lock when it is held elsewhere or was lost. */
      retryMs?: number;
      /** How often the held lock's connection is checked, and how long the check may take. */
      checkMs?: number;
      checkTimeoutMs?: number;
    },
  ) {}

  isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.stopped = false;
    if (this.deps.store.dialect === 'sqlite') {
      this.set(true);
      return;
    }
    this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.release?.();
    await this.held;
    this.set(false);
  }

  private attempt(): void {
    if (this.stopped) return;
    this.held = this.lead()
      .then(
        () => {
          this.failures = 0;
        },
        (error: unknown) => {
          // While the database is away every attempt fails: say so once, then quietly retry.
          if (this.failures++ === 0)
            this.deps.logger.warn(
              { err: error },
              'channel poller leadership lost or not available; retrying',
            );
        },
      )
      .finally(() => {
        this.set(false);
        if (!this.stopped) {
          this.timer = setTimeout(() => this.attempt(), this.deps.retryMs ?? 5000);
          this.timer.unref();
        }
      });
  }

  /**
   * Takes the lock if it is free and leads until `stop` or until the lock's connection is lost. The
   * connection is watched (its errors end the lead at once) and checked every `checkMs`, so a connection
   * that silently stopped answering ends the lead too: the database will have dropped the lock with it,
   * and another node may already poll.
   */
  private async lead(): Promise<void> {
    const { store, logger } = this.deps;
    if (!store.tryLock) return;
    const lock = await store.tryLock(leaderLockKey);
    if (!lock) return;
    if (this.stopped) {
      await lock.release();
      return;
    }
    this.failures = 0;
    logger.info('this node now polls the channels (leadership taken)');
    this.set(true);
    const released = new Promise<'released'>((resolve) => (this.release = () => resolve('released')));
    try {
      for (;;) {
        const outcome = await Promise.race([
          released,
          lock.lost.then((reason) => reason ?? new Error('the lock was released')),
          sleep(this.deps.checkMs ?? 10_000),
        ]);
        if (outcome === 'released') {
          await lock.release();
          return;
        }
        if (outcome instanceof Error) {
          // Stop polling before anything else: the database no longer holds the lock for this node.
          this.set(false);
          throw outcome;
        }
        await lock.check(this.deps.checkTimeoutMs ?? 5000);
      }
    } finally {
      this.release = null;
    }
  }

  private set(leader: boolean): void {
    if (this.leader === leader) return;
    this.leader = leader;
    this.deps.onChange();
  }
}

function sleep(ms: number): Promise<'tick'> {
  return new Promise((resolve) => setTimeout(() => resolve('tick'), ms).unref());
}
