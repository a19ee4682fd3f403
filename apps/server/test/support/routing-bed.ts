import type { RoutingSettings } from '@frontline/shared';
import { RoutingSettings as RoutingSettingsSchema } from '@frontline/shared';
import { Router } from '../../src/modules/routing/router.ts';
import type { RoutingGate } from '../../src/modules/routing/routing-gate.ts';
import type { Kysely } from 'kysely';
import type { CaseRow, Database } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';
import { caseValues } from './case-values.ts';

/** A settable clock for routing tests. */
export class FakeClock {
  constructor(public ms = Date.parse('2026-12-01T09:00:00.000Z')) {}
  now = () => new Date(this.ms);
  iso = () => new Date(this.ms).toISOString();
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/**
 * Routing without HTTP: queues, entry points, operators, customers and cases written straight into a store,
 * and a `Router` on a fake clock (one per node: several beds may share one PostgreSQL database).
 */
export class RoutingBed {
  readonly router: Router;
  private seq = 0;
  private accounts = new Map<string, number>();

  constructor(
    readonly store: Store,
    readonly clock: FakeClock,
    gate?: RoutingGate,
  ) {
    this.router = new Router({ clock, lockRows: store.dialect === 'postgres', gate });
  }

  private get created() {
    return this.clock.iso();
  }

  async settings(partial: Partial<RoutingSettings>): Promise<void> {
    const value = JSON.stringify(RoutingSettingsSchema.parse(partial));
    await this.store.db
      .insertInto('settings')
      .values({ key: 'routing', value, updated_at: this.created })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    this.router.rebuild();
  }

  async queue(): Promise<number> {
    const name = `q${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    const row = await this.store.db
      .insertInto('queues')
      .values({ name, name_ru: name, name_en: name, created_at: this.created })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async skill(slug: string): Promise<number> {
    const row = await this.store.db
      .insertInto('skills')
      .values({ slug, name_ru: slug, name_en: slug, created_at: this.created })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async entryPoint(
    queueId: number,
    options: { priority?: number; skills?: Record<number, number> } = {},
  ): Promise<number> {
    const slug = `ep${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    const row = await this.store.db
      .insertInto('entry_points')
      .values({
        slug,
        name_ru: slug,
        name_en: slug,
        queue_id: queueId,
        created_at: this.created,
        pre_chat_fields: null,
        priority: options.priority ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [skillId, level] of Object.entries(options.skills ?? {}))
      await this.store.db
        .insertInto('entry_point_skills')
        .values({ entry_point_id: row.id, skill_id: Number(skillId), level })
        .execute();
    return row.id;
  }

  async operator(options: {
    queues: number[];
    capacity?: number;
    skills?: Record<number, number>;
    limits?: Record<string, number>;
    online?: boolean;
  }): Promise<number> {
    const n = ++this.seq;
    const row = await this.store.db
      .insertInto('operators')
      .values({
        email: `op${n}-${Math.random().toString(36).slice(2, 8)}@example.test`,
        name: `op${n}`,
        password_hash: 'x',
        role: 'operator',
        capacity: options.capacity ?? 3,
        presence: options.online === false ? 'offline' : 'online',
        locale: 'en',
        last_assigned_at: null,
        disabled: 0,
        created_at: this.created,
        channel_limits: options.limits ? JSON.stringify(options.limits) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const queueId of options.queues)
      await this.store.db
        .insertInto('operator_queues')
        .values({ operator_id: row.id, queue_id: queueId })
        .execute();
    for (const [skillId, level] of Object.entries(options.skills ?? {}))
      await this.store.db
        .insertInto('operator_skills')
        .values({ operator_id: row.id, skill_id: Number(skillId), level })
        .execute();
    this.router.operatorChanged(row.id);
    return row.id;
  }

  async setOnline(operatorId: number, online: boolean): Promise<void> {
    await this.store.db
      .updateTable('operators')
      .set({ presence: online ? 'online' : 'offline' })
      .where('id', '=', operatorId)
      .execute();
    this.router.operatorChanged(operatorId);
  }

  async customer(tags: string[] = []): Promise<number> {
    const row = await this.store.db
      .insertInto('customers')
      .values({
        display_name: null,
        created_at: this.created,
        merged_into_customer_id: null,
        tags: JSON.stringify(tags),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  private async account(kind: string): Promise<number> {
    const known = this.accounts.get(kind);
    if (known) return known;
    const row = await this.store.db
      .insertInto('channel_accounts')
      .values({
        kind,
        name: `${kind}-${Math.random().toString(36).slice(2, 8)}`,
        entry_point_id: null,
        config: '{}',
        secrets_enc: null,
        status: 'active',
        created_at: this.created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.accounts.set(kind, row.id);
    return row.id;
  }

  /** Opens a queued case (customer, identity on `kind`) and routes it, as an inbound message would. */
  async newCase(options: {
    entryPointId: number;
    customerId?: number;
    kind?: string;
    language?: string;
  }): Promise<CaseRow> {
    const customerId = options.customerId ?? (await this.customer());
    const kind = options.kind ?? 'webchat';
    const accountId = await this.account(kind);
    const identity = await this.store.db
      .insertInto('identities')
      .values({
        customer_id: customerId,
        channel_account_id: accountId,
        external_id: `ext-${++this.seq}-${Math.random()}`,
        display_name: null,
        verified_by: null,
        created_at: this.created,
        last_seen_at: this.created,
        unreachable_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ep = await this.store.db
      .selectFrom('entry_points')
      .select(['queue_id', 'priority'])
      .where('id', '=', options.entryPointId)
      .executeTakeFirstOrThrow();
    const now = this.created;
    return this.store.write(async (tx) => {
      const opened = await this.insertCase(
        {
          customer_id: customerId,
          entry_point_id: options.entryPointId,
          queue_id: ep.queue_id,
          priority: ep.priority,
          last_identity_id: identity.id,
          last_message_text: 'hi',
          last_message_at: now,
          unread: 1,
          queued_at: now,
        },
        tx.db,
      );
      return this.router.route(tx, opened, now, { language: options.language ?? null });
    });
  }

  /**
   * Writes a case straight into the store, past the router (as another node would, or to route it by hand):
   * a new customer's unless `customer_id` is given; in `db` (a transaction's) when given.
   */
  async insertCase(
    fields: Omit<Parameters<typeof caseValues>[1], 'customer_id'> & { customer_id?: number },
    db: Kysely<Database> = this.store.db,
  ): Promise<CaseRow> {
    const customerId = fields.customer_id ?? (await this.customer());
    return db
      .insertInto('cases')
      .values(caseValues(this.created, { ...fields, customer_id: customerId }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Resolves a case by its assignee, then lets the router hand out waiting cases of the queue. */
  async resolve(caseId: number): Promise<CaseRow[]> {
    const now = this.created;
    return this.store.write(async (tx) => {
      const row = await tx.db
        .updateTable('cases')
        .set((eb) => ({
          status: 'resolved',
          resolved_at: now,
          updated_at: now,
          resolved_by_id: eb.ref('assignee_id'),
        }))
        .where('id', '=', caseId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (row.assignee_id !== null) this.router.operatorChanged(row.assignee_id);
      return this.router.drainQueue(tx, row.queue_id, now);
    });
  }

  drain(queueId: number): Promise<CaseRow[]> {
    return this.store.write((tx) => this.router.drainQueue(tx, queueId, this.created));
  }

  caseRow(id: number): Promise<CaseRow> {
    return this.store.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
}
