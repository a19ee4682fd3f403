import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { AuditLog } from '../audit/audit-log.ts';

/** What the ACD administration needs: the store, the clock and the audit log (the CLI builds just these). */
export interface AdminDeps {
  store: Store;
  clock: Clock;
  audit: AuditLog;
}

/** Who makes an administrative change: an operator's id, or null for the CLI. */
export type Actor = number | null;

/** The fields a partial change sends (in the order sent), for its audit entry. */
export function sentKeys(change: object): string[] {
  return Object.entries(change).flatMap(([key, value]) => (value === undefined ? [] : [key]));
}

/** An update's audit details: the fields sent, and their values before and after. */
export function changeOf<V extends object>(change: object, before: V, after: V) {
  const changed = sentKeys(change);
  const pick = (view: V) => Object.fromEntries(changed.map((k) => [k, view[k as keyof V]]));
  return { changed, before: pick(before), after: pick(after) };
}

/** 422 `ADMIN_REFERENCE_UNKNOWN` unless the row `id` of `table` exists; `field` names the request's field. */
export async function requireReference(
  tx: Tx,
  table: 'queues' | 'skills' | 'sla_policies' | 'business_hours',
  id: number,
  field: string,
): Promise<void> {
  const row = await tx.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row)
    throw new AppError('ADMIN_REFERENCE_UNKNOWN', `${field}: no ${table.replace('_', ' ')} with id ${id}`, {
      details: { field, id },
    });
}

/** 400 `VALIDATION_FAILED` when one skill is listed twice. */
export function requireDistinctSkills(skills: readonly { skillId: number }[], field: string): void {
  const ids = skills.map((s) => s.skillId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined)
    throw new AppError('VALIDATION_FAILED', `${field}: skill ${twice} is listed twice`, {
      details: [
        {
          path: field,
          message: `skill ${twice} is listed twice`,
          code: 'listed_twice',
          params: { value: twice },
        },
      ],
    });
}
