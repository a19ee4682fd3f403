import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, sql, type DialectAdapter, type SqliteStatement } from 'kysely';
import type { Logger } from '../lib/logger.ts';
import { GroupCommitter } from './group-committer.ts';
import { runPreparedDirectly } from './prepared.ts';
import { migrateToLatest } from './migrate.ts';
import { openPostgres } from './open-postgres.ts';
import type { Database } from './schema.ts';
import type { Store, WriteUnit } from './store.ts';

export interface StoreOptions {
  /** `postgres://…` for PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** SQLite file name inside dataDir; `:memory:` for a throwaway store. */
  sqliteFile?: string;
  /** Apply migrations (default true). */
  migrate?: boolean;
  /** Where lost database connections are reported (PostgreSQL). */
  logger?: Logger;
}

/** Opens the store on the dialect the configuration asks for and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.logger)
    : openSqlite(options);
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
  // SQLite's own lower() folds ASCII only; search compares names in any script (modules/search/).
  database.function('casefold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  const statements = withStatementCache(database);
  const db = new Kysely<Database>({
    dialect: new SqliteDialectWithTransactionalDdl({ database: statements }),
  });
  runPreparedDirectly(db, (sqlText, parameters) => {
    const statement = statements.prepare(sqlText);
    if (statement.reader) return statement.all(parameters);
    statement.run(parameters);
    return [];
  });
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
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its migrator committed every
 * CREATE TABLE / INDEX on its own — one fsync each (synchronous=FULL), most of a fresh start's time. With
 * this adapter all pending migrations run in one transaction: one fsync, and a crash mid-way leaves none of
 * them half-applied.
 */
class SqliteDialectWithTransactionalDdl extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

const alreadyRolledBack: SqliteStatement = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

/**
 * Kysely prepares every query anew; preparing costs more than running most of our statements.
 * The hot paths repeat the same SQL text, so prepared statements are kept (bounded).
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare: (sqlText: string): SqliteStatement => {
      // After SQLITE_FULL or an I/O error SQLite has already rolled the transaction back; Kysely's own
      // rollback would then fail ("no transaction is active") and hide the real reason from the caller.
      if (sqlText === 'rollback' && !database.inTransaction) return alreadyRolledBack;
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
