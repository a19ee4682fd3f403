import { describe, expect, it } from 'vitest';
import {
  businessHoursRequest,
  formatDayHours,
  formatWeekly,
  parseDayHours,
  parseHolidays,
  parseWeekly,
  type WeeklyText,
} from '../src/weekly-hours-text.ts';

const closed: WeeklyText = { mon: '', tue: '', wed: '', thu: '', fri: '', sat: '', sun: '' };

describe('weekly hours editor text', () => {
  it('reads intervals with any dash and separator, padding single-digit hours', () => {
    expect(parseDayHours('9:00–13:00; 14:00-18:00')).toEqual([
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ]);
    expect(parseDayHours(' 00:00 - 24:00 ')).toEqual([['00:00', '24:00']]);
    expect(parseDayHours('')).toEqual([]);
  });

  it('refuses what is not an interval of one day', () => {
    for (const bad of [
      '18:00-09:00',
      '09:00-09:00',
      '9-18',
      '09:00-24:30',
      '25:00-26:00',
      '09:60-10:00',
      'open',
    ])
      expect(parseDayHours(bad), bad).toBeNull();
  });

  it('formats what it reads back the same', () => {
    const intervals: [string, string][] = [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ];
    expect(formatDayHours(intervals)).toBe('09:00-13:00, 14:00-18:00');
    expect(parseDayHours(formatDayHours(intervals))).toEqual(intervals);
    expect(formatDayHours(undefined)).toBe('');
  });

  it('turns the week into a schedule with closed days left out, and names the days it cannot read', () => {
    expect(parseWeekly({ ...closed, mon: '09:00-18:00', sat: '10:00-14:00' })).toEqual({
      weekly: { mon: [['09:00', '18:00']], sat: [['10:00', '14:00']] },
      badDays: [],
    });
    expect(parseWeekly({ ...closed, tue: '18:00-09:00', fri: 'x' }).badDays).toEqual(['tue', 'fri']);
    expect(formatWeekly({ wed: [['08:00', '20:00']] })).toEqual({ ...closed, wed: '08:00-20:00' });
  });

  it('reads holidays one a line or separated, each once, sorted', () => {
    expect(parseHolidays('2027-01-07\n2027-01-01, 2027-01-07\n\n')).toEqual(['2027-01-01', '2027-01-07']);
    expect(parseHolidays('  ')).toEqual([]);
  });

  it('builds the business hours request, or the fields to fix', () => {
    expect(
      businessHoursRequest({
        name: ' Moscow office ',
        timeZone: 'Europe/Moscow',
        weekly: { ...closed, mon: '09:00-18:00' },
        holidays: '2027-01-01',
      }),
    ).toEqual({
      ok: true,
      request: {
        name: 'Moscow office',
        timeZone: 'Europe/Moscow',
        weekly: { mon: [['09:00', '18:00']] },
        holidays: ['2027-01-01'],
      },
    });
    expect(
      businessHoursRequest({ name: '', timeZone: 'UTC', weekly: { ...closed, sun: '9' }, holidays: '' }),
    ).toEqual({ ok: false, fields: { name: 'admin.problem.required', 'weekly.sun': 'admin.problem.hours' } });
  });
});
