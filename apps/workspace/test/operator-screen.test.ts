import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { AlertCoalescer, type TimerApi } from '../src/alert-coalescer.ts';
import { loadAlertSettings, saveAlertSettings } from '../src/alert-settings.ts';
import { textCount } from '../src/channel-text-limits.ts';
import { InboxRow } from '../src/components/InboxRow.tsx';
import { formatWait, slaBadge } from '../src/format-wait.ts';
import {
  isMyCustomerReply,
  titleWithCount,
  unreadTotal,
  withEvent,
  withRead,
  type MyUnread,
} from '../src/my-unread.ts';
import { isTypingTarget, neighbourCase, shortcutFor, type KeyLike } from '../src/shortcuts.ts';
import { sortCases } from '../src/sort-cases.ts';
import { initialState, reduce } from '../src/store.ts';
import { aCase, aMessage, me } from './fixtures.ts';
import { renderInLocale } from './render-in-locale.ts';

describe('the queue order', () => {
  it('is priority first, then longest waiting (queuedAt, else openedAt), then lowest id', () => {
    const cases = [
      aCase({ id: 1, priority: 0, queuedAt: '2025-01-01T09:00:00.000Z' }),
      aCase({ id: 2, priority: 2, queuedAt: '2025-01-01T10:00:00.000Z' }),
      aCase({ id: 3, priority: 2, queuedAt: null, openedAt: '2025-01-01T09:30:00.000Z' }),
      aCase({ id: 4, priority: 0, queuedAt: '2025-01-01T09:00:00.000Z' }),
      aCase({ id: 5, priority: 1, queuedAt: '2025-01-01T11:00:00.000Z' }),
    ];
    expect(sortCases(cases, 'queue').map((c) => c.id)).toEqual([3, 2, 5, 1, 4]);
    // The other tabs stay newest activity first.
    expect(sortCases([aCase({ id: 1 }), aCase({ id: 2 })]).map((c) => c.id)).toEqual([2, 1]);
  });

  it('the store keeps the queue tab in queue order when a case changes', () => {
    const filter = { tab: 'queue' as const, queueId: null };
    let s = reduce(initialState(me, filter), {
      type: 'inbox.loaded',
      filter,
      cases: [aCase({ id: 1, priority: 1 }), aCase({ id: 2, priority: 0 })],
      total: 412,
    });
    s = reduce(s, {
      type: 'case.changed',
      case: aCase({ id: 3, priority: 5, lastMessageAt: '2020-01-01T00:00:00Z' }),
    });
    expect(s.cases.map((c) => c.id)).toEqual([3, 1, 2]);
    expect(s.inboxTotal).toBe(412);
  });
});

describe('timers and SLA badges', () => {
  it('formats waits as m:ss, h:mm:ss and days, overdue with a minus', () => {
    expect(formatWait(65_000)).toBe('1:05');
    expect(formatWait(3_725_000)).toBe('1:02:05');
    expect(formatWait(90_061_000)).toBe('1d 01:01');
    expect(formatWait(-30_000)).toBe('−0:30');
  });

  it('shows the nearest running due; past it, breached even before the server says so', () => {
    const now = Date.parse('2025-01-01T10:00:00.000Z');
    const sla = {
      state: 'warning' as const,
      firstResponseDue: '2025-01-01T10:02:00.000Z',
      nextResponseDue: null,
      resolutionDue: '2025-01-01T12:00:00.000Z',
    };
    expect(slaBadge(sla, now)).toEqual({ state: 'warning', left: 120_000 });
    expect(slaBadge(sla, now + 180_000)).toEqual({ state: 'breached', left: -60_000 });
  });

  it('a waiting row shows its live wait and SLA badge; the count is in the language of the screen', () => {
    const now = Date.parse('2025-01-01T10:04:05.000Z');
    const row = aCase({
      id: 7,
      queuedAt: '2025-01-01T10:00:00.000Z',
      sla: {
        state: 'breached',
        firstResponseDue: '2025-01-01T10:03:00.000Z',
        nextResponseDue: null,
        resolutionDue: null,
      },
    });
    const html = renderInLocale(
      createElement(InboxRow, { item: row, queueName: null, active: false, now, onOpen: () => undefined }),
      'ru',
    );
    expect(html).toContain('Ждёт 4:05');
    expect(html).toContain('sla-badge sla-breached');
    expect(html).toContain('SLA: просрочено на 1:05');
    // Without an SLA no badge.
    const plain = renderInLocale(
      createElement(InboxRow, {
        item: aCase({ id: 8 }),
        queueName: null,
        active: false,
        now,
        onOpen: () => undefined,
      }),
    );
    expect(plain).not.toContain('sla-badge');
  });
});

describe('new-case alerts, coalesced', () => {
  function fakeTimers() {
    let pending: Array<{ at: number; fn: () => void; id: number }> = [];
    let now = 0;
    let next = 1;
    const api: TimerApi = {
      setTimeout: (fn, ms) => {
        const id = next++;
        pending.push({ at: now + ms, fn, id });
        return id;
      },
      clearTimeout: (id) => {
        pending = pending.filter((p) => p.id !== id);
      },
    };
    const advance = (ms: number) => {
      const until = now + ms;
      for (;;) {
        const due = pending.filter((p) => p.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        pending = pending.filter((p) => p !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    };
    return { api, advance };
  }

  it('a burst of 108 cases in 75 s makes one notification per 10 s window, none lost', () => {
    const timers = fakeTimers();
    const announced: number[][] = [];
    const alerts = new AlertCoalescer(10_000, (ids) => announced.push(ids), timers.api);
    for (let i = 1; i <= 108; i++) {
      alerts.add(i);
      timers.advance(700); // 108 × 0.7 s ≈ 75 s
    }
    timers.advance(20_000);
    expect(announced[0]).toEqual([1]);
    expect(announced.length).toBeLessThanOrEqual(9);
    expect(announced.flat()).toEqual(Array.from({ length: 108 }, (_, i) => i + 1));
    // After a quiet spell the next case is announced at once again.
    alerts.add(500);
    expect(announced.at(-1)).toEqual([500]);
    alerts.stop();
  });
});

describe('replies in my cases', () => {
  const mine = aCase({ id: 100, status: 'assigned', assigneeId: me.id, unread: 2 });
  const reply = {
    type: 'message.created' as const,
    message: aMessage({ caseId: 100, direction: 'in' }),
    case: mine,
  };

  it('alerts for an inbound message of my case unless I am watching it', () => {
    expect(isMyCustomerReply(reply, me.id, () => null, null)).toBe(true);
    expect(isMyCustomerReply(reply, me.id, () => null, 100)).toBe(false);
    const others = { ...reply, case: { ...mine, assigneeId: 99 } };
    expect(isMyCustomerReply(others, me.id, () => null, null)).toBe(false);
    const out = { ...reply, message: aMessage({ caseId: 100, direction: 'out' }) };
    expect(isMyCustomerReply(out, me.id, () => null, null)).toBe(false);
  });

  it('counts the unread of my cases for the title; read or transferred cases leave it', () => {
    let map: MyUnread = new Map();
    map = withEvent(map, reply, me.id);
    map = withEvent(
      map,
      { type: 'case.updated', case: aCase({ id: 101, status: 'assigned', assigneeId: me.id, unread: 1 }) },
      me.id,
    );
    map = withEvent(
      map,
      { type: 'case.updated', case: aCase({ id: 102, status: 'queued', unread: 5 }) },
      me.id,
    );
    expect(unreadTotal(map)).toBe(3);
    expect(titleWithCount('Frontline', unreadTotal(map))).toBe('(3) Frontline');
    map = withRead(map, 100);
    map = withEvent(
      map,
      { type: 'case.updated', case: aCase({ id: 101, status: 'assigned', assigneeId: 99, unread: 1 }) },
      me.id,
    );
    expect(titleWithCount('Frontline', unreadTotal(map))).toBe('Frontline');
  });

  it('alert settings persist and fall back to defaults on junk', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadAlertSettings(storage)).toEqual({
      replySound: true,
      replyTitle: true,
      replyDesktop: true,
      newCases: true,
      escalations: true,
    });
    saveAlertSettings(
      { replySound: false, replyTitle: true, replyDesktop: false, newCases: true, escalations: false },
      storage,
    );
    expect(loadAlertSettings(storage)).toMatchObject({ replySound: false, escalations: false });
    // Settings saved before escalation alerts existed keep their choices and get the new default.
    store.set('frontline.alerts', '{"replySound":false}');
    expect(loadAlertSettings(storage)).toMatchObject({ replySound: false, escalations: true });
    store.set('frontline.alerts', '{not json');
    expect(loadAlertSettings(storage).replySound).toBe(true);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, code: string, mods: Partial<KeyLike> = {}): KeyLike => ({
    key: k,
    code,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('maps the letters outside fields, by the physical key (a Russian layout too)', () => {
    expect(shortcutFor(key('j', 'KeyJ'), false)).toBe('next');
    expect(shortcutFor(key('о', 'KeyJ'), false)).toBe('next');
    expect(shortcutFor(key('k', 'KeyK'), false)).toBe('previous');
    expect(shortcutFor(key('r', 'KeyR'), false)).toBe('focusReply');
    expect(shortcutFor(key('t', 'KeyT'), false)).toBe('transfer');
    expect(shortcutFor(key('n', 'KeyN'), false)).toBe('note');
    expect(shortcutFor(key('c', 'KeyC'), false)).toBe('canned');
    expect(shortcutFor(key('/', 'Slash'), false)).toBe('search');
    expect(shortcutFor(key('?', 'Slash', { shiftKey: true }), false)).toBe('help');
    expect(shortcutFor(key('x', 'KeyX'), false)).toBeNull();
  });

  it('in a field only Ctrl/Alt shortcuts and Esc work', () => {
    for (const [k, code] of [
      ['j', 'KeyJ'],
      ['r', 'KeyR'],
      ['/', 'Slash'],
      ['?', 'Slash'],
    ] as const)
      expect(shortcutFor(key(k, code), true)).toBeNull();
    expect(shortcutFor(key('Enter', 'Enter', { ctrlKey: true }), true)).toBe('send');
    expect(shortcutFor(key('k', 'KeyK', { ctrlKey: true }), true)).toBe('search');
    expect(shortcutFor(key('®', 'KeyR', { altKey: true }), true)).toBe('resolve');
    expect(shortcutFor(key('R', 'KeyR', { altKey: true, shiftKey: true }), true)).toBe('resolveNext');
    expect(shortcutFor(key('ArrowDown', 'ArrowDown', { altKey: true }), true)).toBe('next');
    expect(shortcutFor(key('ArrowUp', 'ArrowUp', { altKey: true }), true)).toBe('previous');
    expect(shortcutFor(key('Escape', 'Escape'), true)).toBe('escape');
  });

  it('finds the neighbouring case; the first one when none is open', () => {
    expect(neighbourCase([5, 6, 7], null, 1)).toBe(5);
    expect(neighbourCase([5, 6, 7], 6, 1)).toBe(7);
    expect(neighbourCase([5, 6, 7], 6, -1)).toBe(5);
    expect(neighbourCase([5, 6, 7], 7, 1)).toBeNull();
    expect(neighbourCase([], null, 1)).toBeNull();
  });

  it('knows a text field from a checkbox', () => {
    expect(isTypingTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON', isContentEditable: false } as unknown as EventTarget)).toBe(
      false,
    );
  });
});

describe('composer length limits', () => {
  it('counts against the channel limit: Google Play refuses past 350, Telegram splits past 4096', () => {
    expect(textCount('x'.repeat(351), 'google_play')).toMatchObject({ max: 350, over: true });
    expect(textCount('x'.repeat(350), 'google_play').over).toBe(false);
    expect(textCount('x'.repeat(5000), 'telegram')).toMatchObject({ max: 4096, parts: 2, over: false });
    expect(textCount('x'.repeat(7001), 'viber')).toMatchObject({ max: 7000, parts: 2 });
    expect(textCount('x'.repeat(4097), 'whatsapp').parts).toBe(2);
    expect(textCount('hi', null)).toMatchObject({ max: null, over: false });
  });
});

describe('collision signal in the store', () => {
  it('keeps the viewers of each case and drops an empty list', () => {
    let s = initialState(me, { tab: 'mine', queueId: null });
    s = reduce(s, { type: 'viewers', caseId: 5, viewers: [{ operatorId: 2, name: 'Иван', typing: true }] });
    expect(s.viewers[5]).toEqual([{ operatorId: 2, name: 'Иван', typing: true }]);
    s = reduce(s, { type: 'viewers', caseId: 5, viewers: [] });
    expect(s.viewers[5]).toBeUndefined();
  });
});

describe('the realtime client and the collision signal', () => {
  it('hands a viewers frame inside a batch to onViewers, and marks note typing as a note', async () => {
    const { RealtimeClient } = await import('../src/realtime.ts');
    const got: Array<[number, unknown]> = [];
    const sent: string[] = [];
    let socket: import('../src/realtime.ts').SocketLike | null = null;
    const client = new RealtimeClient({
      url: () => 'ws://x/api/v1/realtime',
      onEvent: () => undefined,
      onTyping: () => undefined,
      onViewers: (caseId, viewers) => got.push([caseId, viewers]),
      onStateChange: () => undefined,
      createSocket: () => {
        socket = {
          readyState: 1,
          onopen: null,
          onmessage: null,
          onclose: null,
          onerror: null,
          send: (data: string) => void sent.push(data),
          close: () => undefined,
        };
        return socket;
      },
      now: () => 0,
    });
    client.start();
    const viewers = [{ operatorId: 2, name: 'Иван', typing: true }];
    (socket as unknown as { onmessage: (ev: { data: string }) => void }).onmessage({
      data: JSON.stringify({ type: 'batch', cursor: 1, frames: [{ type: 'viewers', caseId: 9, viewers }] }),
    });
    expect(got).toEqual([[9, viewers]]);
    client.sendTyping(9, true);
    expect(JSON.parse(sent.at(-1) ?? '{}')).toEqual({ type: 'typing', caseId: 9, note: true });
    client.stop();
  });
});

describe('the e-mail composer fields', () => {
  it('send a subject and the CC list; empty fields send nothing; a bad address is named', async () => {
    const { emailFieldsOf } = await import('../src/email-fields.ts');
    expect(emailFieldsOf({ subject: '  Ваш перенос ', cc: 'a@x.test, b@x.test;c@x.test' })).toEqual({
      email: { subject: 'Ваш перенос', cc: ['a@x.test', 'b@x.test', 'c@x.test'] },
      invalid: null,
    });
    expect(emailFieldsOf({ subject: ' ', cc: '' })).toEqual({ invalid: null });
    expect(emailFieldsOf({ subject: '', cc: 'a@x.test, boss' }).invalid).toBe('boss');
  });
});
