import {
  WeeklyHours,
  type AdminBusinessHours,
  type CreateBusinessHoursRequest,
  type UpdateBusinessHoursRequest,
} from '@frontline/shared';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import type { BusinessHoursTable } from '../../store/schema.ts';
import type { Tx } from '../../store/store.ts';
import { changeOf, type Actor, type AdminDeps } from './admin-deps.ts';
import { holidayProblems, isIanaZone, weeklyProblems, type HoursProblem } from './business-hours-rules.ts';

const Holidays = z.array(z.string());

function parseJson<T>(json: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

const toView = (r: Selectable<BusinessHoursTable>): AdminBusinessHours => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  weekly: parseJson(r.weekly, WeeklyHours, {}),
  holidays: parseJson(r.holidays, Holidays, []),
});

/** 400 `BUSINESS_HOURS_INVALID` with one `{path, message}` per problem of the fields sent. */
function validate(req: UpdateBusinessHoursRequest): void {
  const problems: HoursProblem[] = [];
  if (req.timeZone !== undefined && !isIanaZone(req.timeZone))
    problems.push({
      path: 'timeZone',
      message: `"${req.timeZone}" is not an IANA time zone`,
      code: 'unknown_time_zone',
      params: { value: req.timeZone },
    });
  if (req.weekly !== undefined) problems.push(...weeklyProblems(req.weekly));
  if (req.holidays !== undefined) problems.push(...holidayProblems(req.holidays));
  if (problems.length > 0)
    throw new AppError(
      'BUSINESS_HOURS_INVALID',
      `invalid business hours: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      { details: problems },
    );
}

/** Sorted, one interval list per day sent (days keep the order mon … sun). */
const weeklyJson = (weekly: WeeklyHours) => JSON.stringify(weekly);
const holidaysJson = (holidays: readonly string[]) => JSON.stringify([...new Set(holidays)].sort());

/**
 * Business hours (docs/administration.md): an IANA time zone, open intervals per weekday local to it, and
 * holidays closed all day. Deleting a definition leaves its entry points always open.
 */
export class BusinessHoursAdmin {
  constructor(private readonly deps: AdminDeps) {}

  async list(): Promise<AdminBusinessHours[]> {
    const rows = await this.deps.store.db.selectFrom('business_hours').selectAll().orderBy('id').execute();
    return rows.map(toView);
  }

  async create(actor: Actor, req: CreateBusinessHoursRequest): Promise<AdminBusinessHours> {
    validate(req);
    return this.deps.store.write(async (tx) => {
      const row = await tx.db
        .insertInto('business_hours')
        .values({
          name: req.name,
          time_zone: req.timeZone,
          weekly: weeklyJson(req.weekly),
          holidays: holidaysJson(req.holidays ?? []),
          created_at: this.deps.clock.now().toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = toView(row);
      await this.deps.audit.record(tx, actor, 'business_hours.create', 'business_hours', row.id, {
        name: view.name,
        timeZone: view.timeZone,
        weekly: view.weekly,
        holidays: view.holidays,
      });
      return view;
    });
  }

  async update(actor: Actor, id: number, req: UpdateBusinessHoursRequest): Promise<AdminBusinessHours> {
    validate(req);
    return this.deps.store.write(async (tx) => {
      const before = await this.find(tx, id);
      const row = await tx.db
        .updateTable('business_hours')
        .set({
          ...(req.name === undefined ? {} : { name: req.name }),
          ...(req.timeZone === undefined ? {} : { time_zone: req.timeZone }),
          ...(req.weekly === undefined ? {} : { weekly: weeklyJson(req.weekly) }),
          ...(req.holidays === undefined ? {} : { holidays: holidaysJson(req.holidays) }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toView(row);
      await this.deps.audit.record(
        tx,
        actor,
        'business_hours.update',
        'business_hours',
        id,
        changeOf(req, before, after),
      );
      return after;
    });
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.deps.store.write(async (tx) => {
      const hours = await this.find(tx, id);
      await tx.db
        .updateTable('entry_points')
        .set({ business_hours_id: null })
        .where('business_hours_id', '=', id)
        .execute();
      await tx.db.deleteFrom('business_hours').where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, 'business_hours.delete', 'business_hours', id, {
        name: hours.name,
      });
    });
  }

  private async find(tx: Tx, id: number): Promise<AdminBusinessHours> {
    const row = await tx.db.selectFrom('business_hours').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('BUSINESS_HOURS_NOT_FOUND', `business hours ${id} not found`);
    return toView(row);
  }
}
