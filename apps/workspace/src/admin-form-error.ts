import { ApiError } from './api-error.ts';
import { errorText } from './error-text.ts';
import type { MessageKey, Translate } from './i18n.ts';

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

/**
 * The `{path, message, code, params}` problems of an error's details (validation, business hours, routing
 * settings), each in the operator's language when its code is one the workspace words (`admin.problem.*`),
 * else as the server wrote it.
 */
function detailProblems(details: unknown, t: Translate): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!Array.isArray(details)) return fields;
  for (const d of details as unknown[]) {
    if (d === null || typeof d !== 'object' || !('path' in d)) continue;
    const path = fieldPath(d.path);
    const message = problemText(d as Problem, t);
    fields[path] = fields[path] ? `${fields[path]}; ${message}` : message;
  }
  return fields;
}

interface Problem {
  message?: unknown;
  code?: unknown;
  params?: unknown;
}

/** The types zod expects, in the operator's words. */
const typeKeys = {
  string: 'admin.problem.type.string',
  number: 'admin.problem.type.number',
  boolean: 'admin.problem.type.boolean',
  array: 'admin.problem.type.array',
  object: 'admin.problem.type.object',
  date: 'admin.problem.type.date',
} as const satisfies Record<string, MessageKey>;

/**
 * One problem in the operator's language. Zod's bounds depend on what is bounded (`origin`: a text's length,
 * a number, a list's size); a code the workspace does not know keeps the server's English words.
 * @example problemText({ code: 'too_small', params: { origin: 'string', minimum: 1 } }, t) // 'must not be empty'
 */
export function problemText(problem: Problem, t: Translate): string {
  const fallback = typeof problem.message === 'string' ? problem.message : '';
  const params =
    problem.params !== null && typeof problem.params === 'object'
      ? (problem.params as Record<string, string | number>)
      : {};
  const origin = params.origin === 'string' || params.origin === 'array' ? params.origin : 'number';
  switch (problem.code) {
    case 'too_small':
      if (origin === 'string' && params.minimum === 1) return t('admin.problem.empty');
      return t(`admin.problem.too_small.${origin}`, { n: params.minimum ?? 0 });
    case 'too_big':
      return t(`admin.problem.too_big.${origin}`, { n: params.maximum ?? 0 });
    case 'invalid_type': {
      const key =
        typeof params.expected === 'string' ? typeKeys[params.expected as keyof typeof typeKeys] : undefined;
      return key ? t('admin.problem.invalid_type', { type: t(key) }) : t('admin.problem.invalid');
    }
    case 'invalid_format':
      return t('admin.problem.invalid_format');
    case 'invalid_value':
      return t('admin.problem.invalid_value');
    case 'bad_time':
    case 'start_not_before_end':
    case 'bad_date':
    case 'not_a_phone':
    case 'not_an_email':
      return t(`admin.problem.${problem.code}`);
    case 'overlaps':
      // The server counts intervals from 0 (as the field paths do); people count from 1.
      return t('admin.problem.overlaps', {
        n: typeof params.interval === 'number' ? params.interval + 1 : '?',
      });
    case 'unknown_time_zone':
    case 'unknown_skill':
    case 'listed_twice':
      return t(`admin.problem.${problem.code}`, { value: params.value ?? '' });
    default:
      return fallback;
  }
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
  const fields = detailProblems(error.details, t);
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
