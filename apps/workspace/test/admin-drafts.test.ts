import type { AdminEntryPoint, AdminOperator, RoutingSettings } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import {
  entryPointDraft,
  entryPointRequest,
  minutesText,
  operatorDraft,
  operatorRequest,
  parseNumber,
  slaPolicyDraft,
  slaPolicyRequest,
} from '../src/admin-drafts.ts';
import {
  formatPairs,
  parsePairs,
  routingSettingsDraft,
  routingSettingsRequest,
} from '../src/routing-settings-draft.ts';
import { me } from './fixtures.ts';

const entryPoint: AdminEntryPoint = {
  id: 3,
  slug: 'vip',
  nameRu: 'VIP',
  nameEn: 'VIP',
  queueId: 10,
  skills: [{ skillId: 1, level: 3 }],
  priority: 5,
  slaPolicyId: 2,
  businessHoursId: null,
  outOfHoursRu: null,
  outOfHoursEn: 'We are closed.',
  preChatFields: [
    { key: 'email', required: true },
    { key: 'name', required: false },
  ],
  reopenWindowHours: 24,
};

describe('admin form → request mapping', () => {
  it('reads numbers as typed: empty is null, junk is undefined', () => {
    expect(parseNumber(' 12 ')).toBe(12);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1.5')).toBeUndefined();
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('-1')).toBeUndefined();
  });

  it('sends an entry point back as it came when nothing was changed', () => {
    const built = entryPointRequest(entryPointDraft(entryPoint, null));
    const { id: _id, ...fields } = entryPoint;
    // Pre-chat fields come out in the form's order (name, phone, e-mail).
    expect(built).toEqual({
      ok: true,
      request: { ...fields, preChatFields: [entryPoint.preChatFields[1], entryPoint.preChatFields[0]] },
    });
  });

  it('maps a new entry point: the first queue, empty texts to null, defaults, or the fields to fix', () => {
    const draft = { ...entryPointDraft(null, 7), slug: ' sales ', nameRu: 'Продажи', nameEn: 'Sales' };
    expect(entryPointRequest(draft)).toEqual({
      ok: true,
      request: {
        slug: 'sales',
        nameRu: 'Продажи',
        nameEn: 'Sales',
        queueId: 7,
        skills: [],
        priority: 0,
        slaPolicyId: null,
        businessHoursId: null,
        outOfHoursRu: null,
        outOfHoursEn: null,
        preChatFields: [],
        reopenWindowHours: 0,
      },
    });
    expect(entryPointRequest({ ...draft, slug: '', priority: 'high' })).toEqual({
      ok: false,
      fields: { slug: 'admin.problem.required', priority: 'admin.problem.number' },
    });
  });

  it('keeps SLA targets in minutes on the form and in seconds in the request', () => {
    const draft = { ...slaPolicyDraft(null), name: 'Gold', firstResponse: '5', resolution: '1.5' };
    expect(slaPolicyRequest(draft)).toEqual({
      ok: true,
      request: {
        name: 'Gold',
        firstResponseSeconds: 300,
        nextResponseSeconds: null,
        resolutionSeconds: 90,
        warnPercent: 80,
        businessHoursOnly: true,
        overflowAfterSeconds: null,
        overflowQueueId: null,
        escalateOnBreach: true,
      },
    });
    expect(minutesText(90)).toBe('1.5');
    expect(minutesText(null)).toBe('');
    expect(slaPolicyRequest({ ...draft, nextResponse: 'soon' })).toEqual({
      ok: false,
      fields: { nextResponseSeconds: 'admin.problem.number' },
    });
  });

  it("maps an operator's routing: queues sorted, empty channel limits left out", () => {
    const operator: AdminOperator = {
      ...me,
      disabled: false,
      skills: [{ skillId: 4, level: 2 }],
      channelLimits: { webchat: 2 },
    };
    const draft = operatorDraft(operator);
    expect(draft.channelLimits.webchat).toBe('2');
    expect(draft.channelLimits.telegram).toBe('');
    const built = operatorRequest({
      ...draft,
      queueIds: [12, 10],
      capacity: '6',
      channelLimits: { ...draft.channelLimits, webchat: '', email: '1' },
    });
    expect(built).toEqual({
      ok: true,
      request: {
        role: 'operator',
        queueIds: [10, 12],
        skills: [{ skillId: 4, level: 2 }],
        capacity: 6,
        channelLimits: { email: 1 },
      },
    });
    expect(operatorRequest({ ...draft, capacity: '' })).toEqual({
      ok: false,
      fields: { capacity: 'admin.problem.required' },
    });
  });

  it('sends the whole routing settings, keeping what the form does not edit', () => {
    const settings: RoutingSettings = {
      channelWeights: { email: 2 },
      relaxAfterSeconds: [120, 300],
      agingSeconds: 60,
      stickyHours: 24,
      presenceGraceSeconds: 120,
      languageSkills: { en: 'english' },
      tagSkills: {},
      breakReasons: ['break', 'lunch'],
      announceWaitAboveMinutes: 3,
    };
    expect(routingSettingsRequest(routingSettingsDraft(settings))).toEqual({ ok: true, request: settings });
    const draft = routingSettingsDraft(settings);
    expect(
      routingSettingsRequest({
        ...draft,
        relaxLevels: '',
        relaxSkills: '',
        breakReasons: ' break \n\nlunch\n',
      }),
    ).toEqual({
      ok: true,
      request: { ...settings, relaxAfterSeconds: [], breakReasons: ['break', 'lunch'] },
    });
    expect(
      routingSettingsRequest({ ...draft, relaxLevels: '', agingSeconds: 'x', tagSkills: 'vip' }),
    ).toEqual({
      ok: false,
      fields: {
        'relaxAfterSeconds.0': 'admin.problem.required',
        agingSeconds: 'admin.problem.number',
        tagSkills: 'admin.problem.pairs',
      },
    });
  });

  it('reads skills by language and tag as key = slug lines', () => {
    expect(parsePairs('en = english\n\nvip: vip\nb2b → b2b-desk')).toEqual({
      en: 'english',
      vip: 'vip',
      b2b: 'b2b-desk',
    });
    expect(parsePairs('')).toEqual({});
    expect(parsePairs('english')).toBeNull();
    expect(parsePairs('en = ')).toBeNull();
    expect(parsePairs(formatPairs({ en: 'english', ru: 'russian' }))).toEqual({
      en: 'english',
      ru: 'russian',
    });
  });
});
