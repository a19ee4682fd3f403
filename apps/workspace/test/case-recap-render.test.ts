import type { CaseRecap } from '@frontline/shared';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { createApi } from '../src/api.ts';
import { RecapPanel } from '../src/components/RecapPanel.tsx';
import { formatAge } from '../src/format-age.ts';
import { translate } from '../src/i18n.ts';
import { renderInLocale as render } from './render-in-locale.ts';

const recap: CaseRecap = {
  caseId: 42,
  status: 'assigned',
  entryPoint: { id: 1, slug: 'general', nameRu: 'Общие вопросы', nameEn: 'General questions' },
  topic: 'Я в Турции, не работает мобильный интернет.',
  firstQuestion: {
    messageId: 2,
    text: 'Я в Турции, не работает мобильный интернет. Как включить роуминг?',
    at: '2026-03-02T09:01:00.000Z',
    channelKind: 'telegram',
    question: true,
  },
  latestUnanswered: {
    messageId: 5,
    text: 'Уже час жду, когда заработает?',
    at: '2026-03-02T10:10:00.000Z',
    channelKind: 'whatsapp',
    question: true,
  },
  commitments: [
    {
      messageId: 3,
      at: '2026-03-02T09:05:00.000Z',
      authorName: 'Анна',
      kind: 'follow_up',
      text: 'Проверю настройки и отпишусь в течение 15 минут.',
      deadline: 'в течение 15 минут',
      dueAt: '2026-03-02T09:20:00.000Z',
      overdue: true,
      fulfilledByMessageId: null,
    },
    {
      messageId: 1,
      at: '2026-03-02T09:00:00.000Z',
      authorName: 'Анна',
      kind: 'callback',
      text: 'Перезвоним.',
      deadline: null,
      dueAt: null,
      overdue: false,
      fulfilledByMessageId: 3,
    },
  ],
  openItems: [
    { kind: 'commitment', messageId: 3, at: '2026-03-02T09:05:00.000Z', text: 'Проверю настройки…' },
    { kind: 'note', messageId: 4, at: '2026-03-02T09:30:00.000Z', text: 'VIP, роуминг-пакет «Весь мир»' },
    {
      kind: 'question',
      messageId: 5,
      at: '2026-03-02T10:10:00.000Z',
      text: 'Уже час жду, когда заработает?',
    },
  ],
  channels: [
    {
      channelAccountId: 2,
      channelKind: 'telegram',
      channelName: 'Support bot',
      identities: 1,
      messagesIn: 2,
      messagesOut: 2,
      lastAt: '2026-03-02T09:05:00.000Z',
    },
    {
      channelAccountId: 4,
      channelKind: 'whatsapp',
      channelName: 'Main number',
      identities: 1,
      messagesIn: 1,
      messagesOut: 0,
      lastAt: '2026-03-02T10:10:00.000Z',
    },
  ],
  openedAt: '2026-03-02T09:00:00.000Z',
  resolvedAt: null,
  openSeconds: 26 * 3600 + 5 * 60,
  waitingSince: '2026-03-02T10:10:00.000Z',
  messages: { in: 3, out: 2, note: 1 },
  truncated: false,
  computedAt: '2026-03-03T11:05:00.000Z',
};

const panel = (props: Partial<Parameters<typeof RecapPanel>[0]> = {}) =>
  createElement(RecapPanel, { recap, error: null, expanded: true, onToggle: () => undefined, ...props });

describe('the case recap panel', () => {
  it('shows one line per item in Russian: topic, questions, the open promise overdue, the note, channels, age', () => {
    const html = render(panel(), 'ru');
    expect(html).toContain('Сводка');
    expect(html).toContain('открыто 1 д 2 ч · к действию: 3');
    expect(html).toContain('Общие вопросы · Я в Турции, не работает мобильный интернет.');
    expect(html).toContain('Как включить роуминг?');
    expect(html).toContain('Уже час жду, когда заработает?');
    expect(html).toContain('Обещано (ответить)');
    expect(html).toContain('просрочено');
    expect(html).toContain('VIP, роуминг-пакет «Весь мир»');
    expect(html).toContain('Telegram: вх. 2 / исх. 2 · WhatsApp: вх. 1 / исх. 0');
    expect(html).toContain('выполнено обещаний: 1');
    // The fulfilled promise and the question already shown as unanswered take no line of their own.
    expect(html).not.toContain('Перезвоним.');
    expect(html.match(/data-testid="recap-commitment"/g)).toHaveLength(1);
    expect(html).not.toContain('data-testid="recap-question"');
  });

  it('collapses to its summary line, in English', () => {
    const html = render(panel({ expanded: false }), 'en');
    expect(html).toContain('aria-expanded="false"');
    expect(html).toContain('open 1 d 2 h · to do: 3');
    expect(html).not.toContain('data-testid="recap-topic"');
  });

  it('says so while loading and when the recap could not be loaded', () => {
    expect(render(panel({ recap: null }), 'en')).toContain('Reading the case…');
    expect(render(panel({ recap: null, error: 'Server error.' }), 'en')).toContain('Server error.');
  });

  it('formats the age coarsely', () => {
    const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
      translate('en', key, vars);
    expect(formatAge(59, t)).toBe('0 min');
    expect(formatAge(5 * 3600 + 12 * 60, t)).toBe('5 h 12 min');
    expect(formatAge(93_600, t)).toBe('1 d 2 h');
  });

  it('is fetched and validated by the API client', async () => {
    const calls: string[] = [];
    const api = createApi({
      fetch: (url: string | URL | Request) => {
        calls.push(url instanceof Request ? url.url : url.toString());
        return Promise.resolve(
          new Response(JSON.stringify(recap), { headers: { 'Content-Type': 'application/json' } }),
        );
      },
    });
    await expect(api.getRecap(42)).resolves.toEqual(recap);
    expect(calls).toEqual(['/api/v1/cases/42/recap']);
  });
});
