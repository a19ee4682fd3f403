import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { CustomerCard as CardData, Locale } from '@frontline/shared';
import { createApi } from '../src/api.ts';
import { CustomerCard } from '../src/components/CustomerCard.tsx';
import { renderInLocale as render } from './render-in-locale.ts';

const offline = createApi({ fetch: () => Promise.reject(new Error('offline')) });

const card = (overrides: Partial<CardData> = {}): CardData => ({
  id: 7,
  displayName: 'Anna',
  createdAt: '2024-01-01T00:00:00Z',
  identities: [
    {
      id: 1,
      channelKind: 'webchat',
      channelAccountId: 1,
      externalId: 'user:42',
      displayName: null,
      verifiedBy: 'jwt',
    },
    {
      id: 2,
      channelKind: 'telegram',
      channelAccountId: 2,
      externalId: '555',
      displayName: 'anna_t',
      verifiedBy: null,
    },
  ],
  contactPoints: [
    { id: 11, kind: 'phone', value: '+79161234567', attestedBy: 'telegram-contact' },
    { id: 12, kind: 'email', value: 'anna@example.com', attestedBy: 'dmarc' },
    { id: 13, kind: 'phone', value: '+79160000000', attestedBy: null },
  ],
  mergedIntoCustomerId: null,
  cases: [
    {
      id: 31,
      status: 'assigned',
      outcome: 'open',
      queueId: 1,
      assigneeId: 2,
      openedAt: '2024-03-02T10:00:00Z',
      resolvedAt: null,
      lastMessageText: 'Hello again',
      mergedIntoCaseId: null,
    },
    {
      id: 30,
      status: 'resolved',
      outcome: 'merged',
      queueId: 1,
      assigneeId: null,
      openedAt: '2024-02-01T10:00:00Z',
      resolvedAt: '2024-02-03T10:00:00Z',
      lastMessageText: null,
      mergedIntoCaseId: 29,
    },
  ],
  suggestions: [
    {
      customerId: 9,
      displayName: 'Anna P.',
      reasons: [{ kind: 'phone', value: '+79160000000', attested: false }],
    },
  ],
  merges: [
    {
      id: 5,
      survivorId: 7,
      mergedId: 8,
      mergedName: 'Old Anna',
      by: 'system',
      actorOperatorId: null,
      reason: 'equal attested phone',
      createdAt: '2024-02-05T10:00:00Z',
    },
  ],
  canMerge: true,
  ...overrides,
});

const renderCard = (data: CardData, locale: Locale = 'en', withApi = true) =>
  render(
    createElement(CustomerCard, {
      customer: data,
      initialCard: data,
      currentCaseId: 31,
      onOpenCase: () => undefined,
      ...(withApi ? { api: offline } : {}),
    }),
    locale,
  );

const count = (html: string, testId: string) =>
  html.match(new RegExp(`data-testid="${testId}"`, 'g'))?.length ?? 0;

describe('the customer card', () => {
  it('says what confirms each contact point and identity, or "unconfirmed", in both languages', () => {
    const en = renderCard(card());
    expect(en).toContain('confirmed: Telegram contact');
    expect(en).toContain('confirmed: DMARC-checked sender');
    expect(en).toContain('confirmed: signed web-chat identity');
    expect(en).toMatch(/\+79160000000<\/div><div class="small attest-no"[^>]*>unconfirmed/);
    const ru = renderCard(card(), 'ru');
    expect(ru).toContain('подтверждён: контакт Telegram');
    expect(ru).toContain('не подтверждён');
    expect(ru).toContain('Веб-чат');
  });

  it('offers edit and remove only for unconfirmed points, and an add button', () => {
    const html = renderCard(card());
    expect(count(html, 'contact-edit')).toBe(1);
    expect(count(html, 'contact-remove')).toBe(1);
    expect(html).toContain('aria-label="Remove +79160000000"');
    expect(count(html, 'contact-add')).toBe(1);
    expect(count(html, 'customer-rename')).toBe(1);
    const readOnly = renderCard(card(), 'en', false);
    for (const id of ['contact-edit', 'contact-remove', 'contact-add', 'customer-rename'])
      expect(count(readOnly, id)).toBe(0);
  });

  it('lists the cases with outcome and dates, linking the other cases', () => {
    const html = renderCard(card());
    expect(count(html, 'customer-case')).toBe(2);
    expect(html).toContain('href="#case-30"');
    expect(html).not.toContain('href="#case-31"'); // the open one
    expect(html).toContain('merged into case #29');
    expect(html).toContain('opened 1 February 2024, resolved 3 February 2024');
    expect(renderCard(card(), 'ru')).toContain('объединено с обращением №29');
  });

  it('shows suggestions with why and the merge history; Merge and Undo only with customers.merge', () => {
    const html = renderCard(card());
    expect(html).toContain('Possible same customer: Anna P.');
    expect(html).toContain('phone +79160000000 — typed in by the customer or an operator (unconfirmed)');
    expect(html).toContain('Old Anna merged automatically');
    expect(count(html, 'merge-button')).toBe(1);
    expect(count(html, 'undo-merge-button')).toBe(1);
    const denied = renderCard(card({ canMerge: false }));
    expect(denied).toContain('Possible same customer: Anna P.');
    expect(count(denied, 'merge-button')).toBe(0);
    expect(count(denied, 'undo-merge-button')).toBe(0);
  });

  it('says where a merged-away customer went and offers no edits there', () => {
    const html = renderCard(card({ mergedIntoCustomerId: 3, suggestions: [] }));
    expect(html).toContain('This customer was merged into customer #3.');
    expect(count(html, 'contact-add')).toBe(0);
  });
});
