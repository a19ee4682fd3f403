import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from './support/test-server.ts';

const run = promisify(execFile);
const cli = resolve(import.meta.dirname, '../src/cli.ts');

// One store is enough here: the commands run the modules the API tests check on both stores.
describe('the administration CLI', () => {
  const dialect = 'sqlite';
  let ts: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    ts = await openTestStore(dialect);
  });
  afterAll(async () => {
    await ts.close();
  });

  /** Runs `npm run cli -- …args` on the test store: its exit code and output. */
  async function cliRun(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: {
        ...process.env,
        DATA_DIR: ts.dataDir,
        SECRET_KEY: 'k'.repeat(40),
        ...(ts.databaseUrl ? { DATABASE_URL: ts.databaseUrl } : {}),
      },
      cwd: resolve(import.meta.dirname, '..'),
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  }
  const audited = async () =>
    (
      await ts.store.db
        .selectFrom('audit_log')
        .select(['action', 'actor_operator_id'])
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  it('creates queues, skills and entry points, moves an entry point, lists them', async () => {
    expect(await cliRun('queue', 'create', '--name-ru', 'Роуминг', '--name-en', 'Roaming')).toMatchObject({
      code: 0,
      stdout: 'created queue 4 "Roaming"\n',
    });
    expect(
      (
        await cliRun(
          'skill',
          'create',
          '--slug',
          'english',
          '--name-ru',
          'Английский',
          '--name-en',
          'English',
        )
      ).code,
    ).toBe(0);
    const entry = await cliRun(
      'entry-point',
      'create',
      '--slug',
      'roaming',
      '--name-ru',
      'Роуминг',
      '--name-en',
      'Roaming',
      '--queue',
      '4',
      '--priority',
      '3',
      '--skills',
      'english:2',
    );
    expect(entry.code).toBe(0);
    expect(entry.stdout).toContain('in queue 4');
    expect(await cliRun('entry-point', 'set-queue', '--slug', 'roaming', '--queue', '2')).toMatchObject({
      code: 0,
      stdout: 'entry point "roaming" now goes to queue 2\n',
    });
    const queues = await cliRun('queue', 'list');
    expect(queues.stdout.split('\n')[3]).toBe('4\tRoaming\tРоуминг\tRoaming\t0 cases\t0 entry points');
    expect((await cliRun('skill', 'list')).stdout).toBe('1\tenglish\tАнглийский\tEnglish\n');
    const points = (await cliRun('entry-point', 'list')).stdout;
    expect(points).toContain('roaming\tqueue 2\tpriority 3\tРоуминг\tRoaming');
    const { id } = await ts.store.db
      .selectFrom('entry_points')
      .select('id')
      .where('slug', '=', 'roaming')
      .executeTakeFirstOrThrow();
    const skills = await ts.store.db.selectFrom('entry_point_skills').selectAll().execute();
    expect(skills).toEqual([{ entry_point_id: id, skill_id: 1, level: 2 }]);
    expect(await audited()).toEqual([
      'queue.create',
      'skill.create',
      'entry_point.create',
      'entry_point.update',
    ]);
  }, 60_000);

  it('creates a user in the queues given, sets role, queues, skills, capacity; disables and enables', async () => {
    const created = await cliRun(
      'user',
      'create',
      '--email',
      'cli@example.com',
      '--password',
      'a-long-cli-pass-42',
      '--role',
      'operator',
      '--queues',
      '1,3',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('in queues: 1, 3');
    const everywhere = await cliRun(
      'user',
      'create',
      '--email',
      'all@example.com',
      '--password',
      'a-long-cli-pass-42',
    );
    expect(everywhere.stdout).toContain('in all queues');
    const op = await ts.store.db
      .selectFrom('operators')
      .select('id')
      .where('email', '=', 'cli@example.com')
      .executeTakeFirstOrThrow();
    const queuesOf = async (email: string) =>
      (
        await ts.store.db
          .selectFrom('operator_queues')
          .innerJoin('operators', 'operators.id', 'operator_queues.operator_id')
          .select('queue_id')
          .where('email', '=', email)
          .orderBy('queue_id')
          .execute()
      ).map((r) => r.queue_id);
    expect(await queuesOf('cli@example.com')).toEqual([1, 3]);
    expect(await queuesOf('all@example.com')).toEqual([1, 2, 3, 4]);

    const email = ['--email', 'cli@example.com'];
    expect((await cliRun('operator', 'set-role', ...email, '--role', 'supervisor')).stdout).toBe(
      'cli@example.com is now supervisor\n',
    );
    expect((await cliRun('operator', 'set-queues', ...email, '--queues', '2')).stdout).toBe(
      'cli@example.com is in queues: 2\n',
    );
    expect((await cliRun('operator', 'set-skills', ...email, '--skills', 'english:4')).code).toBe(0);
    expect(
      (await cliRun('operator', 'set-capacity', ...email, '--capacity', '7', '--limits', 'webchat=2')).stdout,
    ).toBe('cli@example.com: capacity 7, channel limits {"webchat":2}\n');
    expect((await cliRun('operator', 'disable', ...email)).code).toBe(0);
    const row = await ts.store.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', op.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      role: 'supervisor',
      capacity: 7,
      disabled: 1,
      channel_limits: '{"webchat":2}',
    });
    expect(await ts.store.db.selectFrom('operator_skills').selectAll().execute()).toEqual([
      { operator_id: op.id, skill_id: 1, level: 4 },
    ]);
    expect((await cliRun('operator', 'enable', ...email)).stdout).toBe('cli@example.com is enabled\n');
    // Published to the outbox: a running server's relay hands the change to routing and the screens.
    const events = await ts.store.db
      .selectFrom('outbox_events')
      .select('operator_id')
      .where('type', '=', 'operator.updated')
      .execute();
    expect(events).toHaveLength(6);
    expect((await audited()).slice(-8)).toEqual([
      'operator.create',
      'operator.create',
      'operator.update',
      'operator.update',
      'operator.update',
      'operator.update',
      'operator.disable',
      'operator.enable',
    ]);
  }, 90_000);

  it('refuses bad input: usage errors exit 2, refused changes exit 1 with the reason', async () => {
    const usage = await cliRun('skill', 'create', '--slug', 'Bad Slug', '--name-ru', 'x', '--name-en', 'x');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/slug: a slug is lower-case letters/);
    expect((await cliRun('operator', 'set-role', '--email', 'cli@example.com', '--role', 'root')).code).toBe(
      2,
    );
    expect((await cliRun('queue', 'list', '--bogus')).code).toBe(2);
    const taken = await cliRun('skill', 'create', '--slug', 'english', '--name-ru', 'x', '--name-en', 'x');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/another skill already has the slug "english"/);
    const unknown = await cliRun('entry-point', 'set-queue', '--slug', 'roaming', '--queue', '99');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/queueId: no queues with id 99/);
    expect((await cliRun('operator', 'disable', '--email', 'nobody@example.com')).code).toBe(1);
  }, 60_000);
});
