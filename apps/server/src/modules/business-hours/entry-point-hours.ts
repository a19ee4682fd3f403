import type { Store, Tx } from '../../store/store.ts';
import { calendarOf, type BusinessCalendar } from './business-calendar.ts';

type Db = Tx['db'] | Store['db'];

/** A stored `business_hours` row, as far as a calendar is built from it. */
export interface HoursRow {
  time_zone: string;
  weekly: string;
  holidays: string;
}

/**
 * The business hours of entry points (docs/routing.md): read from the store at each use (an admin's change
 * holds at once, on every node), parsed once per distinct row. An entry point without business hours, or
 * with a row that does not parse, is always open (null).
 */
export class EntryPointHours {
  private readonly parsed = new Map<string, BusinessCalendar | null>();

  async calendarOf(db: Db, entryPointId: number): Promise<BusinessCalendar | null> {
    const row = await db
      .selectFrom('entry_points as ep')
      .innerJoin('business_hours as bh', 'bh.id', 'ep.business_hours_id')
      .select(['bh.time_zone', 'bh.weekly', 'bh.holidays'])
      .where('ep.id', '=', entryPointId)
      .executeTakeFirst();
    return row ? this.calendar(row) : null;
  }

  /** The calendar of a stored row (cached by its content). */
  calendar(row: HoursRow): BusinessCalendar | null {
    const key = `${row.time_zone}\n${row.weekly}\n${row.holidays}`;
    let calendar = this.parsed.get(key);
    if (calendar === undefined) {
      if (this.parsed.size > 1000) this.parsed.clear();
      calendar = calendarOf(row);
      this.parsed.set(key, calendar);
    }
    return calendar;
  }

  /** Whether the entry point is open at `at`, and when it opens next when not. */
  async hoursAt(db: Db, entryPointId: number, at: Date): Promise<{ open: boolean; opensAt: string | null }> {
    const calendar = await this.calendarOf(db, entryPointId);
    if (!calendar || calendar.isOpen(at)) return { open: true, opensAt: null };
    return { open: false, opensAt: calendar.nextOpening(at)?.toISOString() ?? null };
  }
}
