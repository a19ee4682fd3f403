import { createElement } from 'react';
import type { CannedReply, Locale, Queue } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import { CannedRepliesScreen } from '../src/components/CannedRepliesScreen.tsx';
import { CannedReplyForm } from '../src/components/CannedReplyForm.tsx';
import { CannedReplyPicker } from '../src/components/CannedReplyPicker.tsx';
import { TopBar } from '../src/components/TopBar.tsx';
import { replyVariablesOf } from '../src/fill-canned-reply.ts';
import { canOpen, viewFromHash } from '../src/workspace-view.ts';
import { me } from './fixtures.ts';
import { renderInLocale as render } from './render-in-locale.ts';

const unused = () => Promise.reject(new Error('not in this test'));
const api = {
  listCannedReplies: unused,
  createCannedReply: unused,
  updateCannedReply: unused,
  deleteCannedReply: unused,
};
const queues: Queue[] = [{ id: 10, name: 'Billing', nameRu: 'Счета', nameEn: 'Billing' }];

function reply(overrides: Partial<CannedReply>): CannedReply {
  return {
    id: 1,
    scope: 'personal',
    queueId: null,
    ownerId: me.id,
    title: 'Roaming',
    shortcut: 'roaming',
    body: 'Hello, {{customer.firstName}}! Roaming is in the app.',
    language: 'en',
    useCount: 12,
    lastUsedAt: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    editable: true,
    ...overrides,
  };
}

const replies = [
  reply({}),
  reply({
    id: 2,
    scope: 'shared',
    ownerId: null,
    queueId: 10,
    shortcut: 'invoice',
    title: 'Invoice',
    editable: false,
  }),
  reply({
    id: 3,
    scope: 'shared',
    ownerId: null,
    shortcut: 'bye',
    title: 'Bye',
    editable: false,
    useCount: 0,
  }),
];

describe('canned replies screen', () => {
  const screen = (locale: Locale, role: 'operator' | 'admin' = 'operator') =>
    render(createElement(CannedRepliesScreen, { api, role, queues, initialReplies: replies }), locale);

  it('lists the replies with where they apply and their uses; only editable ones have actions', () => {
    const en = screen('en');
    expect(en).toContain('data-testid="canned-screen"');
    expect(en).toContain('<code>/roaming</code>');
    expect(en).toContain('Personal');
    expect(en).toContain('Billing');
    expect(en).toContain('All queues');
    expect(en).toContain('<td>12</td>');
    expect(en).toContain('data-testid="canned-edit-1"');
    expect(en).not.toContain('data-testid="canned-edit-2"');
    expect(en).not.toContain('data-testid="canned-delete-3"');
    const ru = screen('ru');
    expect(ru).toContain('Быстрые ответы');
    expect(ru).toContain('Счета');
    expect(ru).toContain('Все очереди');
    expect(ru).toContain('Новый ответ');
  });

  it('offers shared replies in the form to supervisors and admins only, and lists the variables', () => {
    const form = (role: 'operator' | 'supervisor' | 'admin') =>
      render(createElement(CannedReplyForm, { role, queues, onSubmit: unused, onCancel: () => undefined }));
    expect(form('operator')).not.toContain('data-testid="canned-scope"');
    expect(form('supervisor')).toContain('data-testid="canned-scope"');
    expect(form('admin')).toContain('{{customer.name}}');
    expect(form('admin')).toContain('{{case.id}}');
    // Editing keeps the scope: a shared reply shows its queue, not the kind.
    const editing = render(
      createElement(CannedReplyForm, {
        role: 'admin',
        queues,
        editing: replies[1]!,
        onSubmit: unused,
        onCancel: () => undefined,
      }),
    );
    expect(editing).not.toContain('data-testid="canned-scope"');
    expect(editing).toContain('data-testid="canned-queue"');
    expect(editing).toContain('Edit canned reply');
  });

  it('is reachable from the top bar for every role (#replies)', () => {
    const bar = render(
      createElement(TopBar, {
        me,
        connection: 'online',
        view: 'replies',
        onView: () => undefined,
        onPresence: async () => undefined,
        onLogout: async () => undefined,
      }),
      'ru',
    );
    expect(bar).toContain('data-testid="nav-replies"');
    expect(bar).toContain('Быстрые ответы');
    expect(viewFromHash('#replies', 'operator')).toBe('replies');
    expect(canOpen('operator', 'replies')).toBe(true);
  });
});

describe('the composer’s / picker', () => {
  const variables = replyVariablesOf({
    customerName: 'Ivan',
    operatorName: 'Anna',
    caseId: 5,
    queueName: null,
  });
  const picker = (props: Partial<Parameters<typeof CannedReplyPicker>[0]>, locale: Locale = 'en') =>
    render(
      createElement(CannedReplyPicker, {
        query: 'ro',
        replies,
        error: null,
        active: 1,
        variables,
        onPick: () => undefined,
        ...props,
      }),
      locale,
    );

  it('shows each match with its shortcut and filled text, one active', () => {
    const html = picker({});
    expect(html).toContain('role="listbox"');
    expect(html).toContain('Hello, Ivan! Roaming is in the app.');
    expect(html).toMatch(/aria-selected="true"[^>]*data-testid="canned-option-invoice"/);
    expect(html).toMatch(/aria-selected="false"[^>]*data-testid="canned-option-roaming"/);
    expect(html).toContain('Enter insert');
  });

  it('says when it is loading or nothing matches, in both languages', () => {
    expect(picker({ replies: null })).toContain('Loading canned replies…');
    expect(picker({ replies: [], query: 'zz' })).toContain('No canned reply matches /zz.');
    expect(picker({ replies: [], query: 'zz' }, 'ru')).toContain('Нет быстрого ответа для /zz.');
  });
});
