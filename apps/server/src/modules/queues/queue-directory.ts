import type { Queue } from '@frontline/shared';
import type { Store } from '../../store/store.ts';

/** The queues as the workspace lists them, and their ids for set-up (the CLI puts a new user in all). */
export class QueueDirectory {
  constructor(private readonly deps: { store: Store }) {}

  /** Every queue with the number of cases waiting in it, by id. */
  async list(): Promise<Queue[]> {
    const rows = await this.deps.store.db
      .selectFrom('queues')
      .leftJoin('cases', (j) => j.onRef('cases.queue_id', '=', 'queues.id').on('cases.status', '=', 'queued'))
      .select((eb) => [
        'queues.id',
        'queues.name',
        'queues.name_ru',
        'queues.name_en',
        eb.fn.count<number>('cases.id').as('waiting'),
      ])
      .groupBy(['queues.id', 'queues.name', 'queues.name_ru', 'queues.name_en'])
      .orderBy('queues.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      nameRu: r.name_ru,
      nameEn: r.name_en,
      waiting: Number(r.waiting),
    }));
  }

  /** The ids of all queues. */
  async ids(): Promise<number[]> {
    const rows = await this.deps.store.db.selectFrom('queues').select('id').execute();
    return rows.map((q) => q.id);
  }
}
