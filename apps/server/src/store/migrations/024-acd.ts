import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * The ACD's data (docs/routing.md): skills of operators and skills an entry point requires, business hours
 * and SLA policies an entry point points to, per-channel limits and a break reason on operators with a
 * presence history, each case's routing and SLA state, SLA events, and the center-wide settings (channel
 * weights, relaxation, aging, sticky routing, presence grace) as JSON under a key.
 */
export function createAcdMigration(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const ts = pg ? sql`timestamptz` : sql`text`;
  const big = pg ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      /** A table with its own id: an identity column on PostgreSQL, a rowid alias on SQLite. */
      const newTable = (name: string) => {
        const table = db.schema.createTable(name);
        return pg
          ? table.addColumn('id', 'bigint', (c) => c.generatedByDefaultAsIdentity().primaryKey())
          : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
      };
      await newTable('skills')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name_ru', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('operator_skills')
        .addColumn('operator_id', big, (c) => c.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('skill_id', big, (c) => c.notNull().references('skills.id').onDelete('cascade'))
        // 1 (basic) … 5 (expert); a required level is met by that level or above.
        .addColumn('level', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(1)
            .check(sql`level between 1 and 5`),
        )
        .addPrimaryKeyConstraint('operator_skills_pk', ['operator_id', 'skill_id'])
        .execute();
      await db.schema
        .createTable('entry_point_skills')
        .addColumn('entry_point_id', big, (c) =>
          c.notNull().references('entry_points.id').onDelete('cascade'),
        )
        .addColumn('skill_id', big, (c) => c.notNull().references('skills.id').onDelete('cascade'))
        .addColumn('level', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(1)
            .check(sql`level between 1 and 5`),
        )
        .addPrimaryKeyConstraint('entry_point_skills_pk', ['entry_point_id', 'skill_id'])
        .execute();

      await newTable('business_hours')
        .addColumn('name', 'text', (c) => c.notNull())
        // An IANA zone: the weekly hours and holidays are local to it.
        .addColumn('time_zone', 'text', (c) => c.notNull())
        // JSON {"mon": [["09:00","18:00"]], …, "sun": []}: open intervals per weekday; a missing day is closed.
        .addColumn('weekly', 'text', (c) => c.notNull())
        // JSON ["2027-01-01", …]: local dates closed all day.
        .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await newTable('sla_policies')
        .addColumn('name', 'text', (c) => c.notNull())
        // Each clock's target in seconds (null: not measured).
        .addColumn('first_response_seconds', 'integer')
        .addColumn('next_response_seconds', 'integer')
        .addColumn('resolution_seconds', 'integer')
        // A warning when this share of a target has passed.
        .addColumn('warn_percent', 'integer', (c) => c.notNull().defaultTo(80))
        // 1: the clocks run only in the entry point's business hours.
        .addColumn('business_hours_only', 'integer', (c) => c.notNull().defaultTo(1))
        // A case waiting in the queue longer than this moves to the backup queue.
        .addColumn('overflow_after_seconds', 'integer')
        .addColumn('overflow_queue_id', big, (c) => c.references('queues.id').onDelete('set null'))
        // 1: a breach is escalated to supervisors.
        .addColumn('escalate_on_breach', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      await db.schema
        .alterTable('entry_points')
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('entry_points')
        .addColumn('sla_policy_id', big, (c) => c.references('sla_policies.id').onDelete('set null'))
        .execute();
      await db.schema
        .alterTable('entry_points')
        .addColumn('business_hours_id', big, (c) => c.references('business_hours.id').onDelete('set null'))
        .execute();
      // What customers are told out of hours (messengers get it once per closed period).
      await db.schema.alterTable('entry_points').addColumn('out_of_hours_ru', 'text').execute();
      await db.schema.alterTable('entry_points').addColumn('out_of_hours_en', 'text').execute();

      // JSON {"webchat": 3, "email": 5}: at most this many open cases of a channel kind at once.
      await db.schema.alterTable('operators').addColumn('channel_limits', 'text').execute();
      // Why an operator is away ("break", "lunch", "training", …) and since when the presence holds.
      await db.schema.alterTable('operators').addColumn('presence_reason', 'text').execute();
      await db.schema.alterTable('operators').addColumn('presence_since', ts).execute();
      await newTable('presence_log')
        .addColumn('operator_id', big, (c) => c.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('presence', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('ended_at', ts)
        .execute();
      await db.schema
        .createIndex('presence_log_operator')
        .on('presence_log')
        .columns(['operator_id', 'started_at'])
        .execute();

      // JSON [{"skillId": 1, "level": 2}]: what the case needs, fixed when it is routed (entry point, language, tags).
      await db.schema.alterTable('cases').addColumn('required_skills', 'text').execute();
      // When the case last began to wait in a queue (wait timers, aging, relaxation, overflow).
      await db.schema.alterTable('cases').addColumn('queued_at', ts).execute();
      // The customer's oldest message not yet answered by an operator (the next-response clock).
      await db.schema.alterTable('cases').addColumn('awaiting_reply_since', ts).execute();
      for (const column of [
        'sla_first_due',
        'sla_next_due',
        'sla_resolution_due',
        'overflowed_at',
        'escalated_at',
      ])
        await db.schema.alterTable('cases').addColumn(column, ts).execute();
      // When the out-of-hours reply went to the customer for the closed period the case waits in.
      await db.schema.alterTable('cases').addColumn('out_of_hours_replied_at', ts).execute();
      // JSON ["vip", "b2b"]: the customer's tags; routing maps tags to required skills.
      await db.schema.alterTable('customers').addColumn('tags', 'text').execute();
      // The worst state of the case's running clocks: 'ok' | 'warning' | 'breached' (null: no SLA).
      await db.schema.alterTable('cases').addColumn('sla_state', 'text').execute();
      // The waiting cases of a queue in routing order; partial, so it never serves other statuses' pages.
      await db.schema
        .createIndex('cases_queue_waiting')
        .on('cases')
        .columns(['queue_id', 'priority', 'queued_at'])
        .where(sql.ref('status'), '=', sql.lit('queued'))
        .execute();

      await newTable('sla_events')
        .addColumn('case_id', big, (c) => c.notNull().references('cases.id').onDelete('cascade'))
        // 'first_response' | 'next_response' | 'resolution'
        .addColumn('clock', 'text', (c) => c.notNull())
        // 'warning' | 'breach' | 'met'
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_at', ts, (c) => c.notNull())
        .addColumn('at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sla_events_case').on('sla_events').columns(['case_id', 'at']).execute();

      // Center-wide settings as JSON under a key ('routing': docs/routing.md).
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
    },
  };
}
