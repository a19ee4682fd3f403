import type { WidgetLocale } from './strings.ts';

/** The widget's out-of-hours strings (docs/routing.md, Business hours). */
const hoursStrings = {
  en: {
    closed: 'We are closed right now. Leave a message and we will answer when we open.',
    opensAt: (when: string) => `We open ${when}.`,
  },
  ru: {
    closed: 'Сейчас мы не работаем. Оставьте сообщение — мы ответим, когда откроемся.',
    opensAt: (when: string) => `Откроемся ${when}.`,
  },
};

export function getHoursStrings(locale: WidgetLocale) {
  return hoursStrings[locale];
}

/** The opening time in the visitor's own zone (or `timeZone`), e.g. "Mon 14 Dec, 09:00" / "пн, 14 дек., 09:00". */
export function formatOpening(iso: string, locale: WidgetLocale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    ...(timeZone ? { timeZone } : {}),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
