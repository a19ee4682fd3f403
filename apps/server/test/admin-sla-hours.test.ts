import type { AdminBusinessHours, AdminSlaPolicy } from '@frontline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCreate, adminRequest as call, auditRows } from './support/admin.ts';
import { errorCode } from './support/helpers.ts';
import { loginAdmin, loginSupervisor } from './support/people.ts';
import { dialects, startTestServer, type LoggedIn, type TestServer } from './support/test-server.ts';

describe.each(dialects)('ACD administration: SLA policies and business hours on %s', (dialect) => {
  let server: TestServer;
  let admin: LoggedIn;
  let supervisor: LoggedIn;

  beforeAll(async () => {
    server = await startTestServer(dialect, { workers: false });
    admin = await loginAdmin(server);
    supervisor = await loginSupervisor(server, 'sup@example.com');
  });
  afterAll(async () => {
    await server.close();
  });

  it('SLA policies: defaults, changes, an unknown overflow queue is 422, delete', async () => {
    const policy = await adminCreate<AdminSlaPolicy>(server, admin, '/sla-policies', { name: 'VIP' });
    expect(policy).toEqual({
      id: policy.id,
      name: 'VIP',
      firstResponseSeconds: null,
      nextResponseSeconds: null,
      resolutionSeconds: null,
      warnPercent: 80,
      businessHoursOnly: true,
      overflowAfterSeconds: null,
      overflowQueueId: null,
      escalateOnBreach: true,
    });
    const changed = await call(server, admin, 'PATCH', `/sla-policies/${policy.id}`, {
      firstResponseSeconds: 60,
      warnPercent: 50,
      businessHoursOnly: false,
      overflowAfterSeconds: 600,
      overflowQueueId: 3,
    });
    expect(changed.json()).toMatchObject({
      firstResponseSeconds: 60,
      warnPercent: 50,
      businessHoursOnly: false,
      overflowQueueId: 3,
    });
    const unknown = await call(server, admin, 'PATCH', `/sla-policies/${policy.id}`, {
      overflowQueueId: 999,
    });
    expect(unknown.statusCode).toBe(422);
    expect(errorCode(unknown)).toBe('ADMIN_REFERENCE_UNKNOWN');
    const badPercent = await call(server, admin, 'PATCH', `/sla-policies/${policy.id}`, { warnPercent: 100 });
    expect(errorCode(badPercent)).toBe('VALIDATION_FAILED');
    expect((await call(server, admin, 'DELETE', `/sla-policies/${policy.id}`)).statusCode).toBe(204);
    expect(errorCode(await call(server, admin, 'DELETE', `/sla-policies/${policy.id}`))).toBe(
      'SLA_POLICY_NOT_FOUND',
    );
    expect(JSON.parse((await auditRows(server, 'sla_policy.update'))[0]!.details)).toMatchObject({
      before: { warnPercent: 80 },
      after: { warnPercent: 50 },
    });
  });

  it('business hours: time zone, weekly hours and holidays are checked (400 BUSINESS_HOURS_INVALID)', async () => {
    const hours = await adminCreate<AdminBusinessHours>(server, admin, '/business-hours', {
      name: 'Support',
      timeZone: 'UTC',
      weekly: {
        mon: [
          ['09:00', '13:00'],
          ['13:00', '24:00'],
        ],
        sat: [],
      },
      holidays: ['2027-01-07', '2027-01-01'],
    });
    expect(hours).toMatchObject({ timeZone: 'UTC', holidays: ['2027-01-01', '2027-01-07'] });
    const problemsOf = async (change: object) => {
      const res = await call(server, admin, 'PATCH', `/business-hours/${hours.id}`, change);
      expect(res.statusCode, res.body).toBe(400);
      expect(errorCode(res)).toBe('BUSINESS_HOURS_INVALID');
      return res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path);
    };
    /** The coded problems a client words in its own language (docs/errors.md). */
    const codedProblemsOf = async (change: object) => {
      const res = await call(server, admin, 'PATCH', `/business-hours/${hours.id}`, change);
      return res
        .json<{ error: { details: { path: string; code: string; params?: object }[] } }>()
        .error.details.map(({ path, code, params }) => ({ path, code, ...(params ? { params } : {}) }));
    };
    expect(await codedProblemsOf({ timeZone: 'Mars/Olympus', holidays: ['01.01.2027'] })).toEqual([
      { path: 'timeZone', code: 'unknown_time_zone', params: { value: 'Mars/Olympus' } },
      { path: 'holidays.0', code: 'bad_date' },
    ]);
    expect(
      await codedProblemsOf({
        weekly: {
          wed: [
            ['12:00', '14:00'],
            ['09:00', '12:30'],
            ['14:00', '13:00'],
          ],
        },
      }),
    ).toEqual([
      { path: 'weekly.wed.2', code: 'start_not_before_end' },
      { path: 'weekly.wed.0', code: 'overlaps', params: { interval: 1 } },
    ]);
    expect(await codedProblemsOf({ name: '' })).toEqual([
      { path: '/name', code: 'too_small', params: { minimum: 1, origin: 'string' } },
    ]);
    expect(await problemsOf({ timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(await problemsOf({ timeZone: '+03:00' })).toEqual(['timeZone']);
    expect(await problemsOf({ weekly: { tue: [['9:00', '18:00']] } })).toEqual(['weekly.tue.0']);
    expect(await problemsOf({ weekly: { tue: [['18:00', '09:00']] } })).toEqual(['weekly.tue.0']);
    expect(
      await problemsOf({
        weekly: {
          wed: [
            ['12:00', '14:00'],
            ['09:00', '12:30'],
          ],
        },
      }),
    ).toEqual(['weekly.wed.0']);
    expect(await problemsOf({ holidays: ['2027-02-30', '01.01.2027'] })).toEqual([
      'holidays.0',
      'holidays.1',
    ]);
    const shape = await call(server, admin, 'PATCH', `/business-hours/${hours.id}`, { weekly: { xyz: [] } });
    expect(errorCode(shape)).toBe('VALIDATION_FAILED');
    const fine = await call(server, admin, 'PATCH', `/business-hours/${hours.id}`, {
      timeZone: 'Asia/Yekaterinburg',
    });
    expect(fine.json()).toMatchObject({ timeZone: 'Asia/Yekaterinburg', weekly: hours.weekly });
    expect(JSON.parse((await auditRows(server, 'business_hours.update')).at(-1)!.details)).toMatchObject({
      changed: ['timeZone'],
      before: { timeZone: 'UTC' },
    });
    const listed = await call(server, supervisor, 'GET', '/business-hours');
    expect(listed.json<AdminBusinessHours[]>()).toEqual([fine.json()]);
  });
});
