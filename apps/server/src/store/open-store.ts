import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { GroupCommitter } from './group-committer.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import type { Store, Tx, WriteUnit } from './store.ts';

export interface StoreOptions {
  /** `postgres://…` for PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** SQLite file name inside dataDir; `:memory:` for a throwaway store. */
  sqliteFile?: string;
  /** Apply migrations (default true). */
  migrate?: boolean;
}

// PostgreSQL: bigint ids as numbers (safe below 2^53), timestamptz as ISO strings like SQLite.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());

/** Opens the store on the dialect the configuration asks for and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options);
  if (options.migrate !== false) await migrateToLatest(store.db, store.dialect);
  return store;
}

function openSqlite(options: StoreOptions): Store {
  const file = options.sqliteFile ?? 'frontline.sqlite';
  let path = file;
  if (file !== ':memory:') {
    const dir = options.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    path = join(dir, file);
  }
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Savepoint journals and sort scratch in memory: every write unit runs in a savepoint.
  database.pragma('temp_store = MEMORY');
  database.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  const committer = new GroupCommitter(db, (statement) => database.exec(statement));
  return {
    dialect: 'sqlite',
    db,
    write: <T>(unit: WriteUnit<T>) => committer.submit(unit),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query anew; preparing costs more than running most of our statements.
 * The hot paths repeat the same SQL text, so prepared statements are kept (bounded).
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare: (sqlText: string) => {
      let statement = cache.get(sqlText);
      if (!statement) {
        if (cache.size >= max) cache.clear();
        statement = database.prepare(sqlText);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
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
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** unique_violation, serialization_failure, deadlock_detected: the transaction can simply run again. */
function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}
