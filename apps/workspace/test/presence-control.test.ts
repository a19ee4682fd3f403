import { createElement } from 'react';
import type { Operator } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import { createApi } from '../src/api.ts';
import { TopBar } from '../src/components/TopBar.tsx';
import { me } from './fixtures.ts';
import { renderInLocale as render } from './render-in-locale.ts';

function bar(operator: Operator, locale: 'en' | 'ru' = 'en', breakReasons = ['lunch', 'coffee']) {
  return render(
    createElement(TopBar, {
      me: operator,
      connection: 'online',
      view: 'inbox',
      onView: () => undefined,
      onPresence: async () => undefined,
      onEndShift: async () => undefined,
      breakReasons,
      onLogout: async () => undefined,
    }),
    locale,
  );
}

/** The `<option>`s of the presence select: value, label and whether it is the selected one. */
function options(html: string) {
  const select = /<select[^>]*data-testid="presence-select"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map((m) => ({
    value: m[1],
    label: m[3],
    selected: m[2] !== undefined,
  }));
}

describe('the presence control', () => {
  it('offers Online, a break for each of the center’s reasons, Offline, and End shift', () => {
    const html = bar(me);
    expect(options(html)).toEqual([
      { value: 'online', label: 'Online', selected: true },
      { value: 'away:lunch', label: 'Break: Lunch', selected: false },
      { value: 'away:coffee', label: 'Break: coffee', selected: false },
      { value: 'offline', label: 'Offline', selected: false },
    ]);
    expect(html).toContain('<optgroup label="Break ▸">');
    expect(html).toContain('data-testid="end-shift"');
    expect(bar(me, 'ru')).toContain('Перерыв: Обед');
    expect(bar(me, 'ru')).toContain('Завершить смену');
  });

  it('shows the current break, even a reason the center has dropped, and a plain break', () => {
    const lunch = options(bar({ ...me, presence: 'away', presenceReason: 'lunch' }));
    expect(lunch.find((o) => o.selected)?.value).toBe('away:lunch');
    const dropped = options(bar({ ...me, presence: 'away', presenceReason: 'training' }, 'en', ['lunch']));
    expect(dropped.find((o) => o.selected)).toEqual({
      value: 'away:training',
      label: 'Break: Training',
      selected: true,
    });
    const plain = options(bar({ ...me, presence: 'away', presenceReason: null }));
    expect(plain.find((o) => o.selected)).toEqual({ value: 'away', label: 'Break', selected: true });
    // Without reasons a break is a plain one.
    expect(options(bar(me, 'en', [])).map((o) => o.value)).toEqual(['online', 'away', 'offline']);
  });

  it('says why the server set the operator offline', () => {
    const html = bar({ ...me, presence: 'offline', presenceReason: 'connection_lost' }, 'ru');
    expect(html).toMatch(/title="Вы переведены в «Не в сети»: рабочее место потеряло связь/);
    expect(html).toContain('Переведены в «Не в сети»: нет связи');
    // Chosen by hand: nothing to explain.
    expect(bar({ ...me, presence: 'offline', presenceReason: null })).not.toContain('presence-cause');
  });

  it('sends the break reason, reads the reasons, and ends the shift over the API', async () => {
    const calls: Array<{ url: string; method?: string; body?: unknown }> = [];
    const answers = [
      { ...me, presence: 'away', presenceReason: 'lunch' },
      { presence: 'away', reason: 'lunch', since: null, breakReasons: ['lunch'] },
      { operator: { ...me, presence: 'offline' }, returnedCaseIds: [4, 5] },
    ];
    const api = createApi({
      fetch: (url, init) => {
        calls.push({
          url: url instanceof Request ? url.url : String(url),
          method: init?.method,
          body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        });
        return Promise.resolve(new Response(JSON.stringify(answers.shift()), { status: 200 }));
      },
    });
    expect((await api.setPresence('away', 'lunch')).presenceReason).toBe('lunch');
    expect((await api.getPresence()).breakReasons).toEqual(['lunch']);
    expect((await api.endShift()).returnedCaseIds).toEqual([4, 5]);
    expect(calls).toEqual([
      { url: '/api/v1/operators/me/presence', method: 'PUT', body: { presence: 'away', reason: 'lunch' } },
      { url: '/api/v1/operators/me/presence', method: 'GET', body: undefined },
      { url: '/api/v1/operators/me/shift-end', method: 'POST', body: undefined },
    ]);
  });
});
