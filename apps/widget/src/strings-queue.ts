import type { QueueState } from '@frontline/sdk';
import type { WidgetLocale } from './strings.ts';

/** The customer's place in the queue, as the widget shows it while the conversation waits. */
export function queueLine(locale: WidgetLocale, queue: QueueState): string {
  const { position, waitMinutes } = queue;
  if (locale === 'en') {
    const place = `You are number ${position} in the queue`;
    return waitMinutes === null ? place : `${place}, about ${waitMinutes} min wait`;
  }
  const place = `Вы ${position}-й в очереди`;
  return waitMinutes === null ? place : `${place}, ожидание около ${waitMinutes} мин`;
}
