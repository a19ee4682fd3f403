import { DateTime } from 'luxon';
import { z } from 'zod';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof weekdays)[number];

/** "HH:MM", 00:00 … 24:00 (24:00: the end of the day). */
const LocalTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/);

/**
 * Open intervals per weekday, local to the zone (`{"mon": [["09:00","18:00"]], …}`); a missing day is
 * closed. An interval whose end is not after its start runs overnight into the next day ("22:00"–"06:00").
 */
export const WeeklyHours = z.partialRecord(z.enum(weekdays), z.array(z.tuple([LocalTime, LocalTime])));
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** Local dates ("2027-01-01") closed all day. */
export const Holidays = z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

/** One open period, in epoch milliseconds, [start, end). */
interface Span {
  start: number;
  end: number;
}

/** How far ahead (in local days) an opening is looked for before the calendar counts as never open. */
const horizonDays = 3 * 366;

/**
 * Business-time arithmetic for weekly hours and holidays in an IANA time zone (docs/routing.md). Local
 * times are turned into instants per day, so DST changes move the instants, not the local hours; a local
 * time that does not exist (spring forward) falls to the next valid instant.
 */
export class BusinessCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly alwaysClosed: boolean;

  constructor(
    readonly timeZone: string,
    private readonly weekly: WeeklyHours,
    holidays: readonly string[] = [],
  ) {
    if (!DateTime.local().setZone(timeZone).isValid) throw new Error(`unknown time zone ${timeZone}`);
    this.holidays = new Set(holidays);
    this.alwaysClosed = weekdays.every((d) => (weekly[d] ?? []).every(([a, b]) => a === b));
  }

  /** Is `at` inside opening hours? */
  isOpen(at: Date): boolean {
    const t = at.getTime();
    for (const span of this.spansFrom(t)) return span.start <= t;
    return false;
  }

  /** The first instant at or after `at` that is open (`at` itself when open now); null: never opens. */
  nextOpening(at: Date): Date | null {
    const t = at.getTime();
    for (const span of this.spansFrom(t)) return new Date(Math.max(span.start, t));
    return null;
  }

  /** When the open period `at` is in ends (null when closed now or open without end in sight). */
  nextClosing(at: Date): Date | null {
    const t = at.getTime();
    for (const span of this.spansFrom(t)) return span.start <= t ? new Date(span.end) : null;
    return null;
  }

  /** The instant `seconds` of opening hours after `from` (null: the calendar never opens). */
  addBusinessSeconds(from: Date, seconds: number): Date | null {
    if (seconds <= 0) return from;
    let left = seconds * 1000;
    const t = from.getTime();
    for (const span of this.spansFrom(t)) {
      const start = Math.max(span.start, t);
      if (left <= span.end - start) return new Date(start + left);
      left -= span.end - start;
    }
    return null;
  }

  /** Seconds of opening hours in [a, b) (0 when b is not after a). */
  businessSecondsBetween(a: Date, b: Date): number {
    const from = a.getTime();
    const to = b.getTime();
    let ms = 0;
    for (const span of this.spansFrom(from)) {
      if (span.start >= to) break;
      ms += Math.min(span.end, to) - Math.max(span.start, from);
    }
    return ms / 1000;
  }

  /** Open spans ending after `t`, merged where they touch, in order. */
  private *spansFrom(t: number): Generator<Span> {
    if (this.alwaysClosed) return;
    // From the day before: an overnight interval of yesterday may still be open.
    let day = DateTime.fromMillis(t, { zone: this.timeZone }).startOf('day').minus({ days: 1 });
    let pending: Span | null = null;
    for (let i = 0; i < horizonDays; i++, day = day.plus({ days: 1 })) {
      for (const span of this.spansOfDay(day)) {
        if (span.end <= t) continue;
        if (pending && span.start <= pending.end) {
          pending.end = Math.max(pending.end, span.end);
          continue;
        }
        if (pending) yield pending;
        pending = { ...span };
      }
    }
    if (pending) yield pending;
  }

  /** The open spans starting on local day `day`, with holidays cut out, in order. */
  private spansOfDay(day: DateTime): Span[] {
    const weekday = weekdays[day.weekday - 1] as Weekday;
    if (this.holidays.has(day.toISODate() ?? '')) return [];
    const spans: Span[] = [];
    for (const [from, to] of this.weekly[weekday] ?? []) {
      if (from === to) continue;
      const start = this.at(day, from);
      const overnight = to <= from;
      const end = this.at(overnight ? day.plus({ days: 1 }) : day, to);
      // An overnight interval stops at midnight when the next day is a holiday.
      const next = day.plus({ days: 1 });
      const cut = overnight && this.holidays.has(next.toISODate() ?? '') ? next.toMillis() : end;
      if (cut > start) spans.push({ start, end: cut });
    }
    return spans.sort((a, b) => a.start - b.start);
  }

  /** The instant of local time "HH:MM" on `day` ("24:00": the next midnight). */
  private at(day: DateTime, time: string): number {
    const [h, m] = time.split(':').map(Number) as [number, number];
    if (h === 24) return day.plus({ days: 1 }).startOf('day').toMillis();
    return DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour: h, minute: m },
      { zone: this.timeZone },
    ).toMillis();
  }
}

/** A stored `business_hours` row as a calendar; null when the row is not valid (treated as always open). */
export function calendarOf(row: {
  time_zone: string;
  weekly: string;
  holidays: string;
}): BusinessCalendar | null {
  try {
    const weekly = WeeklyHours.parse(JSON.parse(row.weekly));
    const holidays = Holidays.parse(JSON.parse(row.holidays));
    return new BusinessCalendar(row.time_zone, weekly, holidays);
  } catch {
    return null;
  }
}
