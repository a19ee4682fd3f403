import { QueuePhrases } from '@frontline/shared';
import type { Kysely } from 'kysely';
import type { Clock } from '../../lib/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../../store/schema.ts';
import type { Store, Tx } from '../../store/store.ts';

const key = 'queue_phrases';

/**
 * What messenger customers are told about their place in the queue, and the question pattern that asks
 * for it (docs/routing.md "Queue position"): JSON under `settings.queue_phrases`, every field defaulted
 * (RU/EN), so a fresh install answers with the built-in phrases.
 */
export class QueuePhrasesStore {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async read(db: Kysely<Database> = this.deps.store.db): Promise<QueuePhrases> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return parseQueuePhrases(row?.value);
  }

  /** Replaces the phrases (validated; the caller audits the change). */
  async write(tx: Tx, phrases: QueuePhrases): Promise<QueuePhrases> {
    const value = JSON.stringify(QueuePhrases.parse(phrases));
    const updatedAt = this.deps.clock.now().toISOString();
    await tx.db
      .insertInto('settings')
      .values({ key, value, updated_at: updatedAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
    return parseQueuePhrases(value);
  }
}

/** An admin replaces the phrases (`PUT /api/v1/admin/settings/queue-phrases`): written and audited together. */
export async function updateQueuePhrases(
  deps: { store: Store; phrases: QueuePhrasesStore; audit: AuditLog },
  actorId: number,
  phrases: QueuePhrases,
): Promise<QueuePhrases> {
  return deps.store.write(async (tx) => {
    const before = await deps.phrases.read(tx.db);
    const after = await deps.phrases.write(tx, phrases);
    await deps.audit.record(tx, actorId, 'settings.queue_phrases', 'settings', key, { before, after });
    return after;
  });
}

/** Stored JSON → phrases; anything missing falls back to its default, anything unreadable to all defaults. */
export function parseQueuePhrases(json: string | undefined | null): QueuePhrases {
  if (!json) return QueuePhrases.parse({});
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = {};
  }
  const parsed = QueuePhrases.safeParse(value);
  return parsed.success ? parsed.data : QueuePhrases.parse({});
}

/** Whether the customer's text asks for their place in the queue. */
export function asksForPosition(phrases: QueuePhrases, text: string): boolean {
  return new RegExp(phrases.questionPattern, 'iu').test(text);
}

/**
 * The language to answer in, from what the customer wrote: Latin letters and no Cyrillic is English;
 * anything else (Cyrillic, or nothing to tell by) is Russian.
 */
export function languageOf(text: string | null | undefined): 'ru' | 'en' {
  if (!text) return 'ru';
  if (/\p{Script=Cyrillic}/u.test(text)) return 'ru';
  return /\p{Script=Latin}/u.test(text) ? 'en' : 'ru';
}

/** A phrase with `{position}` and `{wait}` filled in. */
export function renderPhrase(template: string, position: number, waitMinutes: number | null): string {
  return template.replaceAll('{position}', String(position)).replaceAll('{wait}', String(waitMinutes ?? ''));
}
