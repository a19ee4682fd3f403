import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { Locale, SearchResults } from '@frontline/shared';
import { SearchBox } from '../src/components/SearchBox.tsx';
import { searchItems, snippetParts } from '../src/search-items.ts';
import { renderInLocale as render } from './render-in-locale.ts';

const results: SearchResults = {
  customers: [
    {
      id: 7,
      displayName: 'Иван Петров',
      matchedField: 'phone',
      snippet: { text: '+79271234567', highlights: [{ start: 0, end: 12 }] },
      caseId: 41,
    },
  ],
  cases: [],
  messages: [
    {
      id: 900,
      caseId: 42,
      customerId: 8,
      customerName: null,
      direction: 'in',
      snippet: { text: 'Я оплатил заказ вчера', highlights: [{ start: 2, end: 9 }] },
      createdAt: '2026-12-01T10:00:00.000Z',
    },
  ],
  index: { fresh: false, pendingMessages: 3 },
};

const api = { search: () => Promise.reject(new Error('not in this test')) };

describe('the search box', () => {
  it('shows results grouped, the matched words marked, and says when the index lags, in Russian and English', () => {
    const screen = (locale: Locale) =>
      render(
        createElement(SearchBox, { api, onOpenCase: () => undefined, initial: { q: 'x', results } }),
        locale,
      );
    const en = screen('en');
    expect(en).toContain('Customers');
    expect(en).toContain('Messages');
    expect(en).not.toContain('>Cases<');
    expect(en).toContain('<span>Я </span><mark>оплатил</mark><span> заказ вчера</span>');
    expect(en).toContain('Customer #8');
    expect(en).toContain('3 newest messages are not searchable yet');
    expect(en).toContain('aria-selected="true"');
    const ru = screen('ru');
    expect(ru).toContain('Клиенты');
    expect(ru).toContain('Сообщения');
    expect(ru).toContain('обращение №41');
    expect(ru).toContain('индекс догоняет');
  });

  it('walks customers, cases, then messages, each opening its case', () => {
    expect(searchItems(results).map((i) => [i.key, i.caseId])).toEqual([
      ['customer-7', 41],
      ['message-900', 42],
    ]);
  });

  it('splits a snippet into plain and marked parts', () => {
    expect(
      snippetParts({
        text: 'abcdef',
        highlights: [
          { start: 4, end: 6 },
          { start: 1, end: 2 },
        ],
      }),
    ).toEqual([
      { text: 'a', marked: false },
      { text: 'b', marked: true },
      { text: 'cd', marked: false },
      { text: 'ef', marked: true },
    ]);
  });
});
