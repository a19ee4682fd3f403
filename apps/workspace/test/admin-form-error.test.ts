import { describe, expect, it } from 'vitest';
import { adminFormError, fieldPath, problemAt } from '../src/admin-form-error.ts';
import { ApiError } from '../src/api-error.ts';
import { translate } from '../src/i18n.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate('en', key, vars);

describe('admin form errors', () => {
  it('normalizes the server paths of both validators', () => {
    expect(fieldPath('/weekly/mon/0')).toBe('weekly.mon.0');
    expect(fieldPath('skills.1.level')).toBe('skills.1.level');
    expect(fieldPath(['channelLimits', 'email'])).toBe('channelLimits.email');
    expect(fieldPath(undefined)).toBe('');
  });

  it('puts each {path, message} problem on its field and the code text in the banner', () => {
    const error = new ApiError({
      status: 400,
      code: 'BUSINESS_HOURS_INVALID',
      message: 'invalid business hours',
      details: [
        { path: 'weekly.mon.1', message: 'overlaps interval 0 of the same day' },
        { path: 'timeZone', message: 'not an IANA time zone' },
      ],
    });
    const shown = adminFormError(error, t);
    expect(shown.banner).toBe(t('error.BUSINESS_HOURS_INVALID'));
    expect(problemAt(shown.fields, 'weekly.mon')).toBe('overlaps interval 0 of the same day');
    expect(problemAt(shown.fields, 'weekly.tue')).toBeNull();
    expect(problemAt(shown.fields, 'timeZone')).toBe('not an IANA time zone');
  });

  it('words each coded problem in the operator’s language; an unknown code keeps the server’s words', () => {
    const ru = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
      translate('ru', key, vars);
    const error = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'invalid request',
      details: [
        { path: '/slug', message: 'Too small', code: 'too_small', params: { origin: 'string', minimum: 1 } },
        { path: '/nameEn', message: 'Too big', code: 'too_big', params: { origin: 'string', maximum: 200 } },
        { path: '/priority', message: 'Invalid input', code: 'invalid_type', params: { expected: 'number' } },
        {
          path: 'weekly.mon.1',
          message: 'overlaps interval 0 of the same day',
          code: 'overlaps',
          params: { interval: 0 },
        },
        {
          path: 'timeZone',
          message: 'not an IANA zone',
          code: 'unknown_time_zone',
          params: { value: 'Mars/Olympus' },
        },
        {
          path: 'languageSkills.en',
          message: 'no skill',
          code: 'unknown_skill',
          params: { value: 'english' },
        },
        { path: 'other', message: 'something the workspace does not know', code: 'custom' },
      ],
    });
    expect(adminFormError(error, ru).fields).toEqual({
      slug: 'не может быть пустым',
      nameEn: 'не длиннее 200 символов',
      priority: 'нужно указать число',
      'weekly.mon.1': 'пересекается с интервалом 1 того же дня',
      timeZone: '«Mars/Olympus» — не часовой пояс (например, Europe/Moscow)',
      'languageSkills.en': 'нет навыка с идентификатором «english»',
      other: 'something the workspace does not know',
    });
    expect(adminFormError(error, t).fields.slug).toBe('must not be empty');
  });

  it('marks the field of an unknown reference and of a taken slug or name', () => {
    const reference = new ApiError({
      status: 422,
      code: 'ADMIN_REFERENCE_UNKNOWN',
      message: 'skills: no skills with id 9',
      details: { field: 'skills', id: 9 },
    });
    expect(adminFormError(reference, t).fields).toEqual({ skills: t('error.ADMIN_REFERENCE_UNKNOWN') });
    const taken = new ApiError({ status: 409, code: 'ENTRY_POINT_SLUG_TAKEN', message: 'taken' });
    expect(adminFormError(taken, t).fields).toEqual({ slug: t('error.ENTRY_POINT_SLUG_TAKEN') });
    const own = new ApiError({ status: 409, code: 'OPERATOR_OWN_ADMIN_ROLE', message: 'no' });
    expect(adminFormError(own, t).fields).toEqual({ role: t('error.OPERATOR_OWN_ADMIN_ROLE') });
  });

  it('has only a banner for a failure without details', () => {
    expect(adminFormError(new Error('offline'), t)).toEqual({
      banner: t('error.generic', { message: 'offline' }),
      fields: {},
    });
  });
});
