import { createElement } from 'react';
import type { AdminOperator, AdminQueue, Skill } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import { acdHash, acdTabFromHash } from '../src/acd-tabs.ts';
import type { AdminApi } from '../src/admin-api.ts';
import { AcdScreen, type AcdLookups } from '../src/components/AcdScreen.tsx';
import { OperatorForm } from '../src/components/OperatorForm.tsx';
import { OperatorsPanel } from '../src/components/OperatorsPanel.tsx';
import { canOpen, viewFromHash, viewsFor } from '../src/workspace-view.ts';
import { me } from './fixtures.ts';
import { renderInLocale as render } from './render-in-locale.ts';

const unused = () => Promise.reject(new Error('not in this test'));
const api = new Proxy({}, { get: () => unused }) as AdminApi;
const skills: Skill[] = [{ id: 1, slug: 'vip', nameRu: 'VIP-клиенты', nameEn: 'VIP customers' }];
const queues: AdminQueue[] = [
  { id: 10, name: 'General', nameRu: 'Общая', nameEn: 'General', cases: 3, entryPoints: 1 },
  { id: 11, name: 'Spare', nameRu: null, nameEn: null, cases: 0, entryPoints: 0 },
];
const lookups: AcdLookups = { skills, queues, slaPolicies: [], businessHours: [] };
const operator: AdminOperator = {
  ...me,
  id: 2,
  name: 'Boris',
  disabled: false,
  skills: [{ skillId: 1, level: 4 }],
  channelLimits: { webchat: 2 },
};

const screen = (
  role: 'supervisor' | 'admin',
  tab: Parameters<typeof AcdScreen>[0]['initialTab'],
  locale: 'en' | 'ru' = 'en',
) => render(createElement(AcdScreen, { api, role, meId: 1, initialTab: tab, initial: lookups }), locale);

describe('routing administration screens', () => {
  it('is opened by supervisors and admins, not operators, at #acd and #acd/<tab>', () => {
    expect(canOpen('operator', 'acd')).toBe(false);
    expect(viewsFor('supervisor')).toContain('acd');
    expect(viewsFor('admin')).toContain('acd');
    expect(viewFromHash('#acd/sla', 'supervisor')).toBe('acd');
    expect(viewFromHash('#acd', 'admin')).toBe('acd');
    expect(viewFromHash('#acd/sla', 'operator')).toBe('inbox');
    expect(acdTabFromHash('#acd/operators')).toBe('operators');
    expect(acdTabFromHash('#acd/nope')).toBe('skills');
    expect(acdTabFromHash(acdHash('hours'))).toBe('hours');
  });

  it('lets admins create, edit and delete, and keeps a queue in use from being deleted', () => {
    const html = screen('admin', 'queues');
    expect(html).toContain('data-testid="queues-new"');
    expect(html).toContain('data-testid="queues-edit-10"');
    expect(html).toMatch(/data-testid="queues-delete-10"[^>]*disabled=""/);
    expect(html).not.toMatch(/data-testid="queues-delete-11"[^>]*disabled=""/);
    expect(html).toContain('Spare');
  });

  it('shows supervisors the same lists read-only: no New or Delete, View instead of Edit', () => {
    const html = screen('supervisor', 'skills');
    expect(html).not.toContain('skills-new');
    expect(html).not.toContain('skills-delete-1');
    expect(html).toContain('data-testid="skills-edit-1"');
    expect(html).toContain('>View<');
    expect(html).toContain('read-only');
  });

  it('renders in Russian: tabs, headings, skill names', () => {
    const html = screen('admin', 'skills', 'ru');
    for (const text of [
      'Навыки',
      'Очереди',
      'Точки входа',
      'Политики SLA',
      'График работы',
      'Операторы',
      'VIP-клиенты',
    ])
      expect(html).toContain(text);
  });

  it("lists operators' routing with disable for others but not for me", () => {
    const html = render(
      createElement(OperatorsPanel, {
        api,
        canEdit: true,
        meId: 1,
        queues,
        skills,
        initial: [operator, { ...operator, id: 1, name: 'Anna', disabled: true }],
      }),
    );
    expect(html).toContain('vip 4');
    expect(html).toContain('Web chat 2');
    expect(html).toContain('data-testid="operators-toggle-2"');
    expect(html).not.toContain('operators-toggle-1');
    expect(html).toContain('Disabled');
  });

  it("shows an operator's form disabled when read-only, with its skill levels and limits filled", () => {
    const props = { api, operator, queues, skills, onSaved: () => undefined, onCancel: () => undefined };
    const readOnly = render(createElement(OperatorForm, { ...props, readOnly: true }));
    expect(readOnly).toMatch(/<fieldset class="form-section" disabled="">/);
    expect(readOnly).not.toContain('operator-form-save');
    expect(readOnly).toMatch(/data-testid="operator-skill-vip-level"[^>]*>.*<option value="4" selected=""/s);
    expect(readOnly).toMatch(/data-testid="operator-limit-webchat"[^>]*value="2"/);
    const editable = render(createElement(OperatorForm, { ...props, readOnly: false }));
    expect(editable).toContain('data-testid="operator-form-save"');
    expect(editable).not.toMatch(/<fieldset class="form-section" disabled="">/);
  });
});
