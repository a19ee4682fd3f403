import type { AdminQueue, CreateQueueRequest, UpdateQueueRequest } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { sentKeys, type Actor, type AdminDeps } from './admin-deps.ts';

/**
 * Queues (docs/administration.md): created with names in Russian and English, renamed (the internal `name`
 * stays: the seeded queues are found by it), deleted only when no case and no entry point uses them.
 */
export class QueuesAdmin {
  constructor(private readonly deps: AdminDeps) {}

  async list(): Promise<AdminQueue[]> {
    return this.read(this.deps.store.db);
  }

  async create(actor: Actor, req: CreateQueueRequest): Promise<AdminQueue> {
    return this.deps.store.write(async (tx) => {
      const name = req.name ?? req.nameEn;
      const taken = await tx.db.selectFrom('queues').select('id').where('name', '=', name).executeTakeFirst();
      if (taken) throw new AppError('QUEUE_NAME_TAKEN', `a queue named "${name}" already exists`);
      const row = await tx.db
        .insertInto('queues')
        .values({
          name,
          name_ru: req.nameRu,
          name_en: req.nameEn,
          created_at: this.deps.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, 'queue.create', 'queue', row.id, {
        name,
        nameRu: req.nameRu,
        nameEn: req.nameEn,
      });
      return this.one(tx, row.id);
    });
  }

  async update(actor: Actor, id: number, req: UpdateQueueRequest): Promise<AdminQueue> {
    return this.deps.store.write(async (tx) => {
      await this.one(tx, id);
      if (req.nameRu !== undefined || req.nameEn !== undefined)
        await tx.db
          .updateTable('queues')
          .set({
            ...(req.nameRu === undefined ? {} : { name_ru: req.nameRu }),
            ...(req.nameEn === undefined ? {} : { name_en: req.nameEn }),
          })
          .where('id', '=', id)
          .execute();
      await this.deps.audit.record(tx, actor, 'queue.update', 'queue', id, {
        changed: sentKeys(req),
        ...req,
      });
      return this.one(tx, id);
    });
  }

  /** 409 `QUEUE_IN_USE` while a case or an entry point is in the queue; its members leave it. */
  async remove(actor: Actor, id: number): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const queue = await this.one(tx, id);
      if (queue.cases > 0 || queue.entryPoints > 0)
        throw new AppError(
          'QUEUE_IN_USE',
          `queue ${id} has ${queue.cases} case(s) and ${queue.entryPoints} entry point(s); move them first`,
          { details: { cases: queue.cases, entryPoints: queue.entryPoints } },
        );
      await tx.db.deleteFrom('operator_queues').where('queue_id', '=', id).execute();
      await tx.db.deleteFrom('canned_replies').where('queue_id', '=', id).execute();
      await tx.db
        .updateTable('sla_policies')
        .set({ overflow_queue_id: null })
        .where('overflow_queue_id', '=', id)
        .execute();
      await tx.db.deleteFrom('queues').where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, 'queue.delete', 'queue', id, { name: queue.name });
    });
  }

  private async one(tx: Tx, id: number): Promise<AdminQueue> {
    const [queue] = await this.read(tx.db, id);
    if (!queue) throw new AppError('QUEUE_NOT_FOUND', `queue ${id} not found`);
    return queue;
  }

  private async read(db: Kysely<Database>, id?: number): Promise<AdminQueue[]> {
    let query = db
      .selectFrom('queues')
      .select((eb) => [
        'queues.id',
        'queues.name',
        'queues.name_ru',
        'queues.name_en',
        eb
          .selectFrom('cases')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('cases.queue_id', '=', 'queues.id')
          .as('cases'),
        eb
          .selectFrom('entry_points')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('entry_points.queue_id', '=', 'queues.id')
          .as('entry_points'),
      ])
      .orderBy('queues.id');
    if (id !== undefined) query = query.where('queues.id', '=', id);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      nameRu: r.name_ru,
      nameEn: r.name_en,
      cases: Number(r.cases ?? 0),
      entryPoints: Number(r.entry_points ?? 0),
    }));
  }
}
