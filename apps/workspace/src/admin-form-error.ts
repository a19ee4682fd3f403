import { ApiError } from './api-error.ts';
import { errorText } from './error-text.ts';
import type { Translate } from './i18n.ts';

/** A failed admin change, ready to show: the form's banner and a problem text per field path. */
export interface AdminFormError {
  banner: string;
  /** Field path (`slug`, `weekly.mon.0`, `skills.1.level`) → what is wrong, as the server words it. */
  fields: Record<string, string>;
}

/** The form field a conflict code is about (`SKILL_SLUG_TAKEN` → `slug`). */
const conflictField: Record<string, string> = {
  SKILL_SLUG_TAKEN: 'slug',
  ENTRY_POINT_SLUG_TAKEN: 'slug',
  QUEUE_NAME_TAKEN: 'nameEn',
  OPERATOR_OWN_ADMIN_ROLE: 'role',
};

/**
 * `'/weekly/mon/0'`, `'weekly.mon.0'` or `['weekly', 'mon', 0]` → `'weekly.mon.0'`.
 * @example fieldPath('/skills/1/level') // → 'skills.1.level'
 */
export function fieldPath(path: unknown): string {
  const segments = Array.isArray(path)
    ? path.map((p) => String(p))
    : typeof path === 'string'
      ? path.split(/[./]/)
      : [];
  return segments.filter((s) => s !== '').join('.');
}

/** The `{path, message}` problems of an error's details (validation, business hours, routing settings). */
function detailProblems(details: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(details)) return fields;
  for (const d of details as unknown[]) {
    if (d === null || typeof d !== 'object' || !('path' in d)) continue;
    const path = fieldPath(d.path);
    const message = 'message' in d && typeof d.message === 'string' ? d.message : '';
    fields[path] = fields[path] ? `${fields[path]}; ${message}` : message;
  }
  return fields;
}

/**
 * Maps an error of an admin change to what the form shows: the app-wide text of its code as the banner,
 * and per field the server's problem (`VALIDATION_FAILED`, `BUSINESS_HOURS_INVALID`,
 * `ROUTING_SETTINGS_INVALID` list `{path, message}`; `ADMIN_REFERENCE_UNKNOWN` names its `field`; a taken
 * slug or name marks that field).
 * @example adminFormError(new ApiError({ status: 409, code: 'SKILL_SLUG_TAKEN', message: 'taken' }), t)
 * // → { banner: t('error.SKILL_SLUG_TAKEN'), fields: { slug: t('error.SKILL_SLUG_TAKEN') } }
 */
export function adminFormError(error: unknown, t: Translate): AdminFormError {
  const banner = errorText(error, t);
  if (!(error instanceof ApiError)) return { banner, fields: {} };
  const fields = detailProblems(error.details);
  const details: unknown = error.details;
  if (
    error.code === 'ADMIN_REFERENCE_UNKNOWN' &&
    details !== null &&
    typeof details === 'object' &&
    'field' in details
  )
    fields[fieldPath(details.field)] = banner;
  const conflict = conflictField[error.code];
  if (conflict) fields[conflict] = banner;
  return { banner, fields };
}

/**
 * The problems of field `name` and of everything under it (`weekly.mon` has `weekly.mon.0`), joined; or null.
 * @example problemAt({ 'weekly.mon.0': 'overlaps' }, 'weekly.mon') // → 'overlaps'
 */
export function problemAt(fields: Record<string, string>, name: string): string | null {
  const found = Object.entries(fields)
    .filter(([path]) => path === name || path.startsWith(`${name}.`))
    .map(([, message]) => message);
  return found.length > 0 ? found.join('; ') : null;
}
