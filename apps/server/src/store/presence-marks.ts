import type pg from 'pg';

/**
 * The class id of the presence marks' advisory locks (PostgreSQL's two-key space, which never overlaps the
 * one-key space of `Store.tryLock`); the second key is the operator id.
 */
export const presenceLockClass = 0x46505253; // "FPRS"

/** How long to wait before connecting again after the marks' connection broke. */
const reconnectMs = 1000;

/**
 * A node's marks "I hold a socket of operator N", as shared advisory locks on one connection of its own
 * (PostgreSQL). Another node that wants to set N offline tries the exclusive lock in its transaction
 * (`pg_try_advisory_xact_lock`): it fails while any node holds a mark. The database drops a session's locks
 * with its connection, so a node that dies leaves no mark behind; a broken connection is opened again and
 * the marks taken again. Marks and unmarks run in order, one at a time; the connection opens on the
 * first mark.
 */
export class PostgresPresenceMarks {
  private client: pg.Client | null = null;
  /** The marks the node wants held, and those held on the current connection. */
  private readonly wanted = new Set<number>();
  private taken = new Set<number>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  mark(operatorId: number): void {
    this.wanted.add(operatorId);
    this.enqueue();
  }

  unmark(operatorId: number): void {
    this.wanted.delete(operatorId);
    this.enqueue();
  }

  /** Resolves once every mark and unmark asked for so far has reached the database. */
  idle(): Promise<void> {
    return this.chain;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Brings the held locks in line with the wanted ones. */
  private enqueue(): void {
    this.chain = this.chain.then(
      () => this.sync(),
      () => this.sync(),
    );
    this.chain = this.chain.catch((error: unknown) => {
      this.onError(error);
      this.retryLater();
    });
  }

  private async sync(): Promise<void> {
    if (this.closed) return;
    if (this.wanted.size === 0 && this.taken.size === 0) return;
    const client = await this.connection();
    for (const id of [...this.taken]) {
      if (this.wanted.has(id)) continue;
      await client.query('select pg_advisory_unlock_shared($1, $2)', [presenceLockClass, id]);
      this.taken.delete(id);
    }
    for (const id of [...this.wanted]) {
      if (this.taken.has(id)) continue;
      await client.query('select pg_advisory_lock_shared($1, $2)', [presenceLockClass, id]);
      this.taken.add(id);
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({
      connectionString: this.databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      // The session and its locks are gone: take the wanted marks again on a new connection.
      this.client = null;
      this.taken = new Set();
      if (error) this.onError(error);
      this.retryLater();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    this.client = client;
    this.taken = new Set();
    return client;
  }

  private retryLater(): void {
    if (this.closed || this.wanted.size === 0) return;
    setTimeout(() => this.enqueue(), reconnectMs).unref();
  }
}
