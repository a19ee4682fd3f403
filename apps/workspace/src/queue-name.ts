import type { Locale, Queue } from '@frontline/shared';

/**
 * A queue's name in the operator's language when it has one (the seeded queues), else its name.
 * @example queueName({ id: 1, name: 'General support (614)', nameRu: 'Общая поддержка (614)' }, 'ru') // → 'Общая поддержка (614)'
 */
export function queueName(queue: Pick<Queue, 'name' | 'nameRu' | 'nameEn'>, locale: Locale): string {
  const localized = locale === 'ru' ? queue.nameRu : queue.nameEn;
  return localized || queue.name;
}
