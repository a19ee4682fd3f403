import { Weekday, type CreateBusinessHoursRequest, type WeeklyHours } from '@frontline/shared';
import type { Built, LocalProblem } from './admin-drafts.ts';

/** The weekdays in the order the editor shows them (Monday first). */
export const weekdays: readonly Weekday[] = Weekday.options;

/** `9:00`, `09:00`, `24:00` → `HH:MM`; null when it is no time of a day. */
function normalizeTime(text: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return `${String(hours).padStart(2, '0')}:${m[2]}`;
}

/**
 * One day's open intervals as the editor shows them, comma-separated; no intervals (closed) is empty.
 * @example formatDayHours([['09:00', '13:00'], ['14:00', '18:00']]) // → '09:00-13:00, 14:00-18:00'
 */
export function formatDayHours(intervals: readonly (readonly [string, string])[] | undefined): string {
  return (intervals ?? []).map(([start, end]) => `${start}-${end}`).join(', ');
}

/**
 * A day's text → its intervals, or null when a part is not `HH:MM-HH:MM` with the start before the end.
 * Parts are split by commas or semicolons; any dash joins a start to its end; empty is closed.
 * @example parseDayHours('9:00–13:00; 14:00-18:00') // → [['09:00', '13:00'], ['14:00', '18:00']]
 * @example parseDayHours('18:00-09:00') // → null
 */
export function parseDayHours(text: string): [string, string][] | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const intervals: [string, string][] = [];
  for (const part of parts) {
    const m = /^(\S+)\s*[-–—]\s*(\S+)$/.exec(part);
    const start = m ? normalizeTime(m[1]!) : null;
    const end = m ? normalizeTime(m[2]!) : null;
    if (start === null || end === null || start >= end) return null;
    intervals.push([start, end]);
  }
  return intervals;
}

/** Each weekday's text, as the editor holds it. */
export type WeeklyText = Record<Weekday, string>;

/** A schedule → the editor's texts (a missing day is empty: closed). */
export function formatWeekly(weekly: WeeklyHours): WeeklyText {
  return Object.fromEntries(weekdays.map((day) => [day, formatDayHours(weekly[day])])) as WeeklyText;
}

/**
 * The editor's texts → the schedule (closed days left out), or the days that cannot be read.
 * @example parseWeekly({ ...closedWeek, mon: '09:00-18:00' }) // → { weekly: { mon: [['09:00', '18:00']] }, badDays: [] }
 */
export function parseWeekly(text: WeeklyText): { weekly: WeeklyHours; badDays: Weekday[] } {
  const weekly: WeeklyHours = {};
  const badDays: Weekday[] = [];
  for (const day of weekdays) {
    const intervals = parseDayHours(text[day]);
    if (intervals === null) badDays.push(day);
    else if (intervals.length > 0) weekly[day] = intervals;
  }
  return { weekly, badDays };
}

/**
 * Holidays typed one a line (or separated by commas or spaces) → the dates, each once, in order.
 * @example parseHolidays('2027-01-07\n2027-01-01, 2027-01-07') // → ['2027-01-01', '2027-01-07']
 */
export function parseHolidays(text: string): string[] {
  const days = text.split(/[\s,;]+/).filter((d) => d !== '');
  return [...new Set(days)].sort();
}

/** Holidays → the editor's text, one a line. */
export function formatHolidays(holidays: readonly string[]): string {
  return holidays.join('\n');
}

/** Business hours as their form holds them. */
export interface BusinessHoursDraft {
  name: string;
  timeZone: string;
  weekly: WeeklyText;
  holidays: string;
}

/** The form → the whole business hours; a day that cannot be read is a problem of `weekly.<day>`. */
export function businessHoursRequest(d: BusinessHoursDraft): Built<Required<CreateBusinessHoursRequest>> {
  const fields: Record<string, LocalProblem> = {};
  if (d.name.trim() === '') fields.name = 'admin.problem.required';
  if (d.timeZone.trim() === '') fields.timeZone = 'admin.problem.required';
  const { weekly, badDays } = parseWeekly(d.weekly);
  for (const day of badDays) fields[`weekly.${day}`] = 'admin.problem.hours';
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    request: {
      name: d.name.trim(),
      timeZone: d.timeZone.trim(),
      weekly,
      holidays: parseHolidays(d.holidays),
    },
  };
}
