import { sql } from 'kysely';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/store.ts';

/** The advisory-lock key of "this node polls the channels" (IMAP mailboxes, review polling). */
const leaderLockKey = 7_031_002;

/**
 * Which node runs the channels' pollers. A mailbox or a review feed must be read by one node only (two
 * IMAP readers double the work, two review pollers spend the Google quota twice); pushed traffic (webhooks,
 * SMTP) is taken on every node. On SQLite there is one node: always the leader. On PostgreSQL a node leads
 * while it holds a session advisory lock on a connection of its own; if the node dies, the database drops the
 * lock with the connection and another node takes over within `retryMs`.
 */
export class ReceiverLeadership {
  private leader = false;
  private stopped = false;
  private release: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private held: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      store: Store;
      logger: Logger;
      onChange: () => void;
      retryMs?: number;
      checkMs?: number;
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
    this.held = this.deps.store.db
      .connection()
      .execute(async (conn) => {
        const { rows } = await sql<{
          ok: boolean;
        }>`select pg_try_advisory_lock(${leaderLockKey}) as ok`.execute(conn);
        if (!rows[0]?.ok) return;
        this.set(true);
        // Hold the connection (and the lock) until stop, checking it is alive: a broken connection has
        // lost the lock, so this node must stop polling (the error ends the lead below).
        const released = new Promise<'released'>((resolve) => (this.release = () => resolve('released')));
        for (;;) {
          const outcome = await Promise.race([released, sleep(this.deps.checkMs ?? 10_000)]);
          if (outcome === 'released') break;
          await sql`select 1`.execute(conn);
        }
        this.release = null;
        await sql`select pg_advisory_unlock(${leaderLockKey})`.execute(conn);
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'channel poller leadership lost'))
      .finally(() => {
        this.set(false);
        if (!this.stopped) {
          this.timer = setTimeout(() => this.attempt(), this.deps.retryMs ?? 5000);
          this.timer.unref();
        }
      });
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
