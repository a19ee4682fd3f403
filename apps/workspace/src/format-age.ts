import type { Translate } from './i18n.ts';

/**
 * How long something has been open, coarse enough to read at a glance: `2 d 3 h`, `5 h 12 min`, `7 min`.
 * @example formatAge(93_600, t) // → '1 d 2 h'
 */
export function formatAge(seconds: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('recap.age.days', { d, h });
  if (h > 0) return t('recap.age.hours', { h, m });
  return t('recap.age.minutes', { m });
}
