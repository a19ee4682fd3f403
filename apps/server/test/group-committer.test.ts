import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from '../src/store/group-committer.ts';
import type { Database } from '../src/store/schema.ts';

/** Keeps the thread busy for `ms`, as a write unit's synchronous SQLite work does. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('group committer', () => {
  let database: SQLite.Database;
  let db: Kysely<Database>;

  afterEach(async () => {
    await db.destroy();
  });

  function open(budgetMs: number): GroupCommitter {
    database = new SQLite(':memory:');
    database.exec('create table t (x integer not null)');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    return new GroupCommitter(db, (statement) => database.exec(statement), 256, budgetMs);
  }

  it('stops taking units at its time budget, and what its commit scheduled runs before the next batch', async () => {
    const committer = open(5);
    const log: string[] = [];
    const units = [1, 2, 3, 4, 5, 6].map((k) =>
      committer.submit(async (tx) => {
        await sql`insert into t (x) values (${k})`.execute(tx.db);
        log.push(`ran ${k}`);
        spin(3);
        tx.afterCommit(() => {
          log.push(`committed ${k}`);
          // What a commit's fan-out does: the bus delivers on the next turn of the loop.
          if (k === 1) setImmediate(() => log.push('fan-out of 1'));
        });
        return k;
      }),
    );
    expect(await Promise.all(units)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(database.prepare('select x from t order by rowid').pluck().all()).toEqual([1, 2, 3, 4, 5, 6]);

    // A batch is a run of units with no commit between them: at most two (two of 3 ms pass the 5 ms budget).
    const batches: number[][] = [];
    let inBatch = false;
    for (const entry of log) {
      const [what, k] = entry.split(' ');
      if (what !== 'ran') {
        inBatch = false;
        continue;
      }
      if (inBatch) batches.at(-1)?.push(Number(k));
      else batches.push([Number(k)]);
      inBatch = true;
    }
    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(2);
    expect(log.indexOf('committed 1')).toBeLessThan(log.indexOf('ran 3'));
    // The fan-out the first commit scheduled runs before the units queued behind that commit.
    expect(log.indexOf('fan-out of 1')).toBeGreaterThan(log.indexOf('committed 1'));
    expect(log.indexOf('fan-out of 1')).toBeLessThan(log.indexOf('ran 3'));
  });

  it('commits a unit longer than the budget on its own, and a failing unit rolls back alone', async () => {
    const committer = open(1);
    const slow = committer.submit(async (tx) => {
      await sql`insert into t (x) values (1)`.execute(tx.db);
      spin(5);
      return 'slow';
    });
    const failing = committer.submit(async (tx) => {
      await sql`insert into t (x) values (2)`.execute(tx.db);
      throw new Error('refused');
    });
    const after = committer.submit(async (tx) => {
      await sql`insert into t (x) values (3)`.execute(tx.db);
      return 'after';
    });
    expect(await slow).toBe('slow');
    await expect(failing).rejects.toThrow('refused');
    expect(await after).toBe('after');
    expect(database.prepare('select x from t order by rowid').pluck().all()).toEqual([1, 3]);
  });
});
