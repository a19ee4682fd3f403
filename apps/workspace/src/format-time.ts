import type { Locale } from '@frontline/shared';

const tag = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-GB');

/** Short timestamp for lists and bubbles: `14:05` today, `3 Mar 14:05` otherwise. */
export function formatTime(iso: string | null, locale: Locale, now: Date = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(tag(locale), options).format(date);
}

/** A calendar date, e.g. `3 March 2025`. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(tag(locale), { day: 'numeric', month: 'long', year: 'numeric' }).format(
    date,
  );
}
