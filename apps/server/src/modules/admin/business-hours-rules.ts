import type { FieldProblem } from '../../lib/field-problem.ts';
import type { WeeklyHours } from '@frontline/shared';

/** One problem of a business-hours definition: the field path, what is wrong, and its code. */
export type HoursProblem = FieldProblem;

const time = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const date = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `zone` is an IANA time zone the runtime knows (`Europe/Moscow`, `UTC`); offsets such as `+03:00`
 * are refused (they ignore daylight-saving rules).
 * @example isIanaZone('Europe/Moscow') // true
 * @example isIanaZone('Mars/Olympus') // false
 */
export function isIanaZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of `HH:MM` (`24:00` is 1440). */
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The problems of a weekly schedule: every time `HH:MM`, each start before its end, no two intervals of a
 * day overlapping (touching is fine: `09:00–13:00` and `13:00–18:00`).
 * @example weeklyProblems({ mon: [['18:00', '09:00']] }) // [{ path: 'weekly.mon.0', message: 'the start is not before the end' }]
 */
export function weeklyProblems(weekly: WeeklyHours): HoursProblem[] {
  const problems: HoursProblem[] = [];
  for (const [day, intervals] of Object.entries(weekly)) {
    const good: [number, number, number][] = [];
    (intervals ?? []).forEach(([start, end], i) => {
      const path = `weekly.${day}.${i}`;
      if (!time.test(start) || !time.test(end)) {
        problems.push({ path, message: 'times are HH:MM (00:00–24:00)', code: 'bad_time' });
        return;
      }
      if (minutes(start) >= minutes(end)) {
        problems.push({ path, message: 'the start is not before the end', code: 'start_not_before_end' });
        return;
      }
      good.push([minutes(start), minutes(end), i]);
    });
    good.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < good.length; k++) {
      const previous = good[k - 1]!;
      const current = good[k]!;
      if (current[0] < previous[1])
        problems.push({
          path: `weekly.${day}.${current[2]}`,
          message: `overlaps interval ${previous[2]} of the same day`,
          code: 'overlaps',
          params: { interval: previous[2] },
        });
    }
  }
  return problems;
}

/** The problems of a holiday list: each a real calendar date `YYYY-MM-DD`. */
export function holidayProblems(holidays: readonly string[]): HoursProblem[] {
  return holidays.flatMap((day, i) => {
    const m = date.exec(day);
    const valid =
      m !== null &&
      (() => {
        const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        return d.toISOString().slice(0, 10) === day;
      })();
    return valid ? [] : [{ path: `holidays.${i}`, message: 'not a date YYYY-MM-DD', code: 'bad_date' }];
  });
}
