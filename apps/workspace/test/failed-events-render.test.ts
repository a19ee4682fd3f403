import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderInLocale as render } from './render-in-locale.ts';
import type { FailedRawEventList } from '@frontline/shared';
import { createApi } from '../src/api.ts';
import { FailedEventsPanel } from '../src/components/FailedEventsPanel.tsx';
import { translate } from '../src/i18n.ts';
import { me } from './fixtures.ts';

const failed: FailedRawEventList = {
  total: 3,
  items: [
    {
      id: 41,
      channelId: 2,
      channelKind: 'telegram',
      channelName: 'Support bot',
      eventKey: '912003',
      receivedAt: '2026-12-01T10:00:00.000Z',
      failedAt: '2026-12-01T10:00:01.000Z',
      attempts: 1,
      errorCode: 'MALFORMED',
      error: 'update.message.chat: Required',
    },
    {
      id: 42,
      channelId: 5,
      channelKind: 'email',
      channelName: 'Support mail',
      eventKey: '<a1@example.com>',
      receivedAt: '2026-12-01T11:00:00.000Z',
      failedAt: '2026-12-01T11:00:01.000Z',
      attempts: 10,
      errorCode: 'SMTP_FAILED',
      error: 'the mail could not be read',
    },
  ],
};

describe('failed events on the Channels screen', () => {
  it('lists each failed event with its channel, reason and a "Process again" action', () => {
    const html = render(
      createElement(FailedEventsPanel, {
        list: failed,
        busyIds: new Set([42]),
        onReprocess: () => undefined,
      }),
    );
    expect(html).toContain('data-testid="failed-events"');
    expect(html).toContain('Events that could not be processed');
    expect(html).toContain('2 of 3');
    for (const id of ['failed-event-41', 'failed-event-reprocess-41', 'failed-event-42'])
      expect(html, id).toContain(`data-testid="${id}"`);
    expect(html).toMatch(/data-testid="failed-event-41" data-code="MALFORMED"/);
    expect(html).toContain('update.message.chat: Required');
    expect(html).toContain('Support bot');
    expect(html).toContain('Telegram');
    expect(html).toContain('event 912003');
    expect(html).toContain('&lt;a1@example.com&gt;');
    expect(html).toContain('Process again');
    // The event whose request is in flight shows it and cannot be sent twice.
    expect(html).toMatch(
      /<button[^>]*disabled=""[^>]*data-testid="failed-event-reprocess-42"|<button[^>]*data-testid="failed-event-reprocess-42"[^>]*disabled=""/,
    );
    expect(html).toContain('Sending…');
  });

  it('speaks Russian', () => {
    const html = render(
      createElement(FailedEventsPanel, {
        list: failed,
        busyIds: new Set<number>(),
        onReprocess: () => undefined,
      }),
      'ru',
    );
    expect(html).toContain('События, которые не удалось обработать');
    expect(html).toContain('Обработать снова');
    expect(html).toContain('2 из 3');
    expect(html).toContain('Причина');
  });

  it('shows nothing while there are no failed events', () => {
    const empty = render(
      createElement(FailedEventsPanel, {
        list: { items: [], total: 0 },
        busyIds: new Set<number>(),
        onReprocess: () => undefined,
      }),
    );
    expect(empty).toBe('');
    expect(
      render(
        createElement(FailedEventsPanel, {
          list: null,
          busyIds: new Set<number>(),
          onReprocess: () => undefined,
        }),
      ),
    ).toBe('');
  });

  it('translates the server refusing an event that is no longer failed', () => {
    expect(translate('ru', 'error.RAW_EVENT_NOT_FOUND')).toMatch(/уже обработано/);
    expect(translate('en', 'error.RAW_EVENT_NOT_FOUND')).toMatch(/processed already/);
  });

  it('the client lists failed events (validated) and asks to process one again with the CSRF token', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const answers = [{ operator: me, csrfToken: 'tok' }, failed, { id: 41 }];
    const fetch = (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
      const body = answers.shift();
      const status = calls.length === 3 ? 202 : 200;
      return Promise.resolve(
        new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
      );
    };
    const api = createApi({ fetch });
    await api.login({ email: 'a@b.c', password: 'x' });
    expect(await api.listFailedEvents()).toEqual(failed);
    await api.reprocessEvent(41);
    expect(calls[1]?.url).toBe('/api/v1/channels/failed-events');
    expect(calls[2]?.url).toBe('/api/v1/channels/failed-events/41/reprocess');
    expect(calls[2]?.init.method).toBe('POST');
    expect(new Headers(calls[2]?.init.headers).get('X-CSRF-Token')).toBe('tok');
  });
});
