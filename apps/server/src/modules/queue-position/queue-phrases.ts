import { QueuePhrases } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Store } from '../../store/store.ts';
import { JsonSetting, parseJsonSetting } from '../settings/json-setting.ts';

const key = 'queue_phrases';

/**
 * What messenger customers are told about their place in the queue, and the question pattern that asks
 * for it (docs/routing.md "Queue position"): JSON under `settings.queue_phrases`, every field defaulted
 * (RU/EN), so a fresh install answers with the built-in phrases.
 */
export class QueuePhrasesStore extends JsonSetting<QueuePhrases> {
  constructor(deps: { store: Store; clock: Clock }) {
    super(key, QueuePhrases, deps);
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
  return parseJsonSetting(QueuePhrases, json);
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
