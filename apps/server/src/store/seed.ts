import { webchatAccountName } from '@frontline/shared';
import type { Clock } from '../lib/clock.ts';
import type { Store } from './store.ts';

/** Entry points every installation starts with (topic → queue). */
export const seedEntryPoints = [
  {
    slug: 'general',
    queue: 'General support (614)',
    queueRu: 'Общая поддержка (614)',
    nameRu: 'Общая поддержка (614)',
    nameEn: 'General support (614)',
    preChatFields: null,
  },
  {
    slug: 'mnp',
    queue: 'Number portability (MNP)',
    queueRu: 'Перенос номера (MNP)',
    nameRu: 'Перенос номера (MNP)',
    nameEn: 'Number portability (MNP)',
    // Porting a number needs it: the widget asks for the phone before the first message (docs/chat-protocol.md).
    preChatFields: [{ key: 'phone', required: true }, { key: 'name' }],
  },
  {
    slug: 'b2b',
    queue: 'Business clients (B2B)',
    queueRu: 'Бизнес-клиенты (B2B)',
    nameRu: 'Бизнес-клиенты (B2B)',
    nameEn: 'Business clients (B2B)',
    preChatFields: null,
  },
] as const;

/** Idempotent: creates the seeded queues, entry points and the web chat channel when missing. */
export async function seed(store: Store, clock: Clock): Promise<void> {
  await store.write(async ({ db }) => {
    const now = clock.now().toISOString();
    for (const ep of seedEntryPoints) {
      await db
        .insertInto('queues')
        .values({ name: ep.queue, name_ru: ep.queueRu, name_en: ep.queue, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      // Installations seeded before queues had names per language get them once.
      await db
        .updateTable('queues')
        .set({ name_ru: ep.queueRu, name_en: ep.queue })
        .where('name', '=', ep.queue)
        .where('name_ru', 'is', null)
        .execute();
      const queue = await db
        .selectFrom('queues')
        .select('id')
        .where('name', '=', ep.queue)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('entry_points')
        .values({
          slug: ep.slug,
          name_ru: ep.nameRu,
          name_en: ep.nameEn,
          queue_id: queue.id,
          created_at: now,
          pre_chat_fields: ep.preChatFields ? JSON.stringify(ep.preChatFields) : null,
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
    }
    await db
      .insertInto('channel_accounts')
      .values({
        kind: 'webchat',
        name: webchatAccountName,
        entry_point_id: null,
        config: '{}',
        secrets_enc: null,
        status: 'active',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['kind', 'name']).doNothing())
      .execute();
  });
}
