import { describe, expect, it } from 'vitest';
import {
  BusinessCalendar,
  calendarOf,
  type WeeklyHours,
} from '../src/modules/business-hours/business-calendar.ts';

const d = (iso: string) => new Date(iso);
/** Monday to Friday 09:00–18:00. */
const weekdays9to18 = (): WeeklyHours =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '18:00']]]));

describe('business calendar, Europe/Moscow (UTC+3, no DST)', () => {
  const msk = new BusinessCalendar('Europe/Moscow', weekdays9to18());

  it('is open in the weekly hours local to the zone, closed outside and on weekends', () => {
    // Monday 2026-12-07: 09:00 Moscow is 06:00Z.
    expect(msk.isOpen(d('2026-12-07T06:00:00Z'))).toBe(true);
    expect(msk.isOpen(d('2026-12-07T05:59:59Z'))).toBe(false);
    expect(msk.isOpen(d('2026-12-07T14:59:59Z'))).toBe(true);
    expect(msk.isOpen(d('2026-12-07T15:00:00Z'))).toBe(false);
    expect(msk.isOpen(d('2026-12-12T09:00:00Z'))).toBe(false); // Saturday
  });

  it('the next opening after a Friday evening is Monday morning; when open it is now', () => {
    expect(msk.nextOpening(d('2026-12-11T16:00:00Z'))).toEqual(d('2026-12-14T06:00:00Z'));
    expect(msk.nextOpening(d('2026-12-07T10:00:00Z'))).toEqual(d('2026-12-07T10:00:00Z'));
    expect(msk.nextClosing(d('2026-12-07T10:00:00Z'))).toEqual(d('2026-12-07T15:00:00Z'));
  });

  it('adds business seconds across the weekend and counts them back', () => {
    // Friday 17:00 Moscow + 2 business hours = Monday 10:00 Moscow.
    expect(msk.addBusinessSeconds(d('2026-12-11T14:00:00Z'), 7200)).toEqual(d('2026-12-14T07:00:00Z'));
    expect(msk.businessSecondsBetween(d('2026-12-11T14:00:00Z'), d('2026-12-14T07:00:00Z'))).toBe(7200);
    // From a closed moment the count starts at the opening.
    expect(msk.addBusinessSeconds(d('2026-12-12T10:00:00Z'), 60)).toEqual(d('2026-12-14T06:01:00Z'));
    // A whole working week is 5 × 9 hours.
    expect(msk.businessSecondsBetween(d('2026-12-06T00:00:00Z'), d('2026-12-13T00:00:00Z'))).toBe(45 * 3600);
    expect(msk.businessSecondsBetween(d('2026-12-08T00:00:00Z'), d('2026-12-07T00:00:00Z'))).toBe(0);
  });

  it('holidays are closed all day', () => {
    const cal = new BusinessCalendar('Europe/Moscow', weekdays9to18(), ['2026-12-14']);
    expect(cal.isOpen(d('2026-12-14T08:00:00Z'))).toBe(false);
    expect(cal.nextOpening(d('2026-12-11T16:00:00Z'))).toEqual(d('2026-12-15T06:00:00Z'));
    expect(cal.addBusinessSeconds(d('2026-12-11T14:00:00Z'), 7200)).toEqual(d('2026-12-15T07:00:00Z'));
  });

  it('an overnight interval runs into the next day, and stops at a holiday midnight', () => {
    const cal = new BusinessCalendar('Europe/Moscow', { sat: [['22:00', '06:00']] });
    expect(cal.isOpen(d('2026-12-12T18:59:00Z'))).toBe(false); // Saturday 21:59
    expect(cal.isOpen(d('2026-12-13T00:00:00Z'))).toBe(true); // Sunday 03:00
    expect(cal.isOpen(d('2026-12-13T03:00:00Z'))).toBe(false); // Sunday 06:00
    expect(cal.businessSecondsBetween(d('2026-12-12T00:00:00Z'), d('2026-12-14T00:00:00Z'))).toBe(8 * 3600);
    const cut = new BusinessCalendar('Europe/Moscow', { sat: [['22:00', '06:00']] }, ['2026-12-13']);
    expect(cut.businessSecondsBetween(d('2026-12-12T00:00:00Z'), d('2026-12-14T00:00:00Z'))).toBe(2 * 3600);
  });

  it('touching intervals are one open period; no hours at all never opens', () => {
    const cal = new BusinessCalendar('Europe/Moscow', {
      mon: [['00:00', '24:00']],
      tue: [
        ['00:00', '12:00'],
        ['12:00', '13:00'],
      ],
    });
    expect(cal.nextClosing(d('2026-12-07T12:00:00Z'))).toEqual(d('2026-12-08T10:00:00Z'));
    const never = new BusinessCalendar('Europe/Moscow', {});
    expect(never.isOpen(d('2026-12-07T12:00:00Z'))).toBe(false);
    expect(never.nextOpening(d('2026-12-07T12:00:00Z'))).toBeNull();
    expect(never.addBusinessSeconds(d('2026-12-07T12:00:00Z'), 60)).toBeNull();
  });

  it('a stored row with a bad zone or JSON is no calendar', () => {
    expect(calendarOf({ time_zone: 'Mars/Olympus', weekly: '{}', holidays: '[]' })).toBeNull();
    expect(
      calendarOf({ time_zone: 'Europe/Moscow', weekly: '{"mon": [["9", "18"]]}', holidays: '[]' }),
    ).toBeNull();
    expect(
      calendarOf({ time_zone: 'Europe/Moscow', weekly: '{"mon": [["09:00", "18:00"]]}', holidays: '[]' }),
    ).toBeInstanceOf(BusinessCalendar);
  });
});

describe('business calendar, Europe/Berlin (DST)', () => {
  const ber = new BusinessCalendar('Europe/Berlin', weekdays9to18());

  it('local hours stay local across the spring change: 08:00Z in winter, 07:00Z in summer', () => {
    expect(ber.nextOpening(d('2027-03-26T00:00:00Z'))).toEqual(d('2027-03-26T08:00:00Z')); // Friday, CET
    expect(ber.nextOpening(d('2027-03-26T18:00:00Z'))).toEqual(d('2027-03-29T07:00:00Z')); // Monday, CEST
    // Friday 17:00 CET + 2 business hours = Monday 10:00 CEST.
    expect(ber.addBusinessSeconds(d('2027-03-26T16:00:00Z'), 7200)).toEqual(d('2027-03-29T08:00:00Z'));
  });

  it('a day open around the clock has 23 hours in spring and 25 in autumn', () => {
    const allDay = new BusinessCalendar('Europe/Berlin', { sun: [['00:00', '24:00']] });
    expect(allDay.businessSecondsBetween(d('2027-03-27T00:00:00Z'), d('2027-03-29T00:00:00Z'))).toBe(
      23 * 3600,
    );
    expect(allDay.businessSecondsBetween(d('2027-10-30T00:00:00Z'), d('2027-11-01T00:00:00Z'))).toBe(
      25 * 3600,
    );
  });

  it('an overnight interval over the spring change is an hour shorter', () => {
    const night = new BusinessCalendar('Europe/Berlin', { sat: [['22:00', '06:00']] });
    // Saturday 22:00 CET = 21:00Z, Sunday 06:00 CEST = 04:00Z.
    expect(night.nextOpening(d('2027-03-27T12:00:00Z'))).toEqual(d('2027-03-27T21:00:00Z'));
    expect(night.nextClosing(d('2027-03-27T22:00:00Z'))).toEqual(d('2027-03-28T04:00:00Z'));
    expect(night.businessSecondsBetween(d('2027-03-27T00:00:00Z'), d('2027-03-29T00:00:00Z'))).toBe(7 * 3600);
  });
});
