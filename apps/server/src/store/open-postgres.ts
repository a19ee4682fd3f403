import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Logger } from '../lib/logger.ts';
import { isRetryableConflict } from './is-retryable-conflict.ts';
import type { Database } from './schema.ts';
import type { HeldLock, Store, Tx, WriteUnit } from './store.ts';

/** How long getting a connection (new, or a free one of the pool) may take before the statement fails. */
const connectTimeoutMs = 10_000;

/**
 * The PostgreSQL store. node-postgres is loaded here, only when a `DATABASE_URL` asks for it.
 *
 * A connection can break at any time (the server restarts, an administrator terminates backends, the
 * network drops). node-postgres reports that as an `'error'` event on the client and, for an idle pooled
 * client, on the pool; an `'error'` event without a listener ends the process, so both are listened to:
 * the broken connection is logged and dropped, statements running on it fail (callers answer 503 or retry
 * later), and the pool opens fresh connections once the database answers again.
 */
export async function openPostgres(url: string, logger: Logger | undefined): Promise<Store> {
  const { default: pg } = await import('pg');
  // bigint ids as numbers (safe below 2^53), timestamptz as ISO strings like SQLite.
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
  const connectionLost = reportConnectionLoss(logger);
  const pool = new pg.Pool({
    connectionString: url,
    max: 20,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // A client that breaks while checked out (between statements of a transaction, or held) emits on itself.
  pool.on('connect', (client) => client.on('error', connectionLost));
  // An idle client that breaks: the pool drops it and re-emits the client's error, reported just above.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    write: async <T>(unit: WriteUnit<T>) => {
      // Concurrent units may race on a unique key (two first messages of one new customer, a
      // double-clicked reply). Units read before they insert, so re-running the loser finds the winner's row.
      for (let attempt = 1; ; attempt++) {
        const after: Array<() => void> = [];
        try {
          const value = await db.transaction().execute((trx) => {
            const tx: Tx = { db: trx, afterCommit: (fn) => after.push(fn) };
            return unit(tx);
          });
          for (const fn of after) fn();
          return value;
        } catch (error) {
          if (attempt >= 5 || !isRetryableConflict(error)) throw error;
        }
      }
    },
    ping: (timeoutMs = 2000) => withTimeout(sql`select 1`.execute(db), timeoutMs).then(() => undefined),
    tryLock: async (key: number): Promise<HeldLock | null> => {
      const client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: connectTimeoutMs,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      let settle: (reason: Error | null) => void = () => undefined;
      const lost = new Promise<Error | null>((resolve) => (settle = resolve));
      client.on('error', (error) => {
        connectionLost(error);
        settle(error);
      });
      client.on('end', () => settle(new Error('the connection holding the lock closed')));
      await client.connect();
      const drop = () => void client.end().catch(() => undefined);
      try {
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
        if (rows[0]?.ok !== true) {
          settle(null);
          drop();
          return null;
        }
      } catch (error) {
        drop();
        throw error;
      }
      return {
        lost,
        check: async (timeoutMs) => {
          try {
            await withTimeout(client.query('select 1'), timeoutMs);
          } catch (error) {
            settle(error instanceof Error ? error : new Error(String(error)));
            drop();
            throw error;
          }
        },
        release: async () => {
          settle(null);
          try {
            await withTimeout(client.query('select pg_advisory_unlock($1)', [key]), 2000);
          } catch {
            // The connection is gone or hung: closing it releases the lock on the server anyway.
          }
          drop();
        },
      };
    },
    close: () => db.destroy(),
  };
}

/**
 * Logs a lost connection: once with the reason when an outage starts (every pooled connection breaks at
 * the same moment), then at most a summary line a second.
 */
function reportConnectionLoss(logger: Logger | undefined): (error: Error) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastAt < 1000) {
      suppressed++;
      return;
    }
    lastAt = now;
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    logger?.warn(
      { code, reason: error.message, alsoLost: suppressed },
      'PostgreSQL connection lost; statements on it fail and new connections are opened when the database answers',
    );
    suppressed = 0;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer in time (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
