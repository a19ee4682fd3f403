import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OperatorEvent } from '@frontline/shared';
import { RealtimeClient, realtimeUrl, type ConnectionState, type SocketLike } from '../src/realtime.ts';
import { aCase, aMessage } from './fixtures.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  frame(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

const created = (id: number) => ({
  type: 'event',
  id,
  event: { type: 'message.created', message: aMessage({ id }) },
});

describe('RealtimeClient', () => {
  let sockets: FakeSocket[];
  let events: number[];
  let states: ConnectionState[];
  let typing: number[];
  let now: number;
  let client: RealtimeClient;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    sockets = [];
    events = [];
    states = [];
    typing = [];
    now = 0;
    client = new RealtimeClient({
      url: (since) => realtimeUrl(since, { protocol: 'https:', host: 'cc.example' }),
      onEvent: (e: OperatorEvent, id) => {
        expect(e.type).toBe('message.created');
        events.push(id);
      },
      onTyping: (caseId) => typing.push(caseId),
      onStateChange: (s) => states.push(s),
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      now: () => now,
    });
  });

  afterEach(() => {
    client.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('goes online on ready, skips invalid frames, and resumes with since=<last id> after a drop', () => {
    client.start();
    const first = sockets[0]!;
    expect(first.url).toBe('wss://cc.example/api/v1/realtime');
    first.open();
    first.frame(created(5));
    first.frame({ type: 'ready', cursor: 5 });
    first.frame('not json');
    first.frame({ type: 'event', id: 6, event: { type: 'bogus' } });
    first.frame({ type: 'typing', caseId: 100, who: 'customer' });
    // Live frames come in batches; the batch's cursor is where a reconnect resumes.
    first.frame({ type: 'batch', cursor: 6, frames: [created(6)] });
    expect(events).toEqual([5, 6]);
    expect(states).toEqual(['online']);
    expect(typing).toEqual([100]);

    first.drop();
    expect(states).toEqual(['online', 'offline']);
    vi.advanceTimersByTime(1_000); // the first retry comes within 0.5 s
    const second = sockets[1]!;
    expect(second.url).toBe('wss://cc.example/api/v1/realtime?since=6');
    second.open();
    second.frame(created(6)); // overlap in the replay is skipped
    second.frame(created(7));
    second.frame({ type: 'ready', cursor: 7 });
    expect(events).toEqual([5, 6, 7]);
    expect(states).toEqual(['online', 'offline', 'online']);
  });

  it('resumes from the batch cursor, not past a row still on its way; skips rows older than one applied', () => {
    const rows: Array<[number, number]> = [];
    const resyncs: string[] = [];
    const rt = new RealtimeClient({
      url: (since, view) => realtimeUrl(since, { protocol: 'https:', host: 'cc.example' }, view),
      onEvent: (_e, id) => events.push(id),
      onRow: (row) => rows.push([row.caseId, row.id]),
      onResync: (reason) => resyncs.push(reason),
      onTyping: () => undefined,
      onStateChange: (s) => states.push(s),
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    });
    rt.start();
    const first = sockets[0]!;
    first.open();
    rt.view([42]);
    expect(JSON.parse(first.sent.at(-1) ?? '')).toEqual({ type: 'view', caseIds: [42] });
    first.frame({ type: 'ready', cursor: 10 });
    // Event 14 is here, but a row of event 12 is still in its window: the server's cursor says 11.
    first.frame({ type: 'batch', cursor: 11, frames: [created(14), { type: 'bogus' }] });
    expect(events).toEqual([14]);
    expect(rt.cursor).toBe(11);
    const summary = (id: number) => ({ ...aCase({ id }), lastMessageText: `row ${id}` });
    first.frame({
      type: 'batch',
      cursor: 16,
      frames: [{ type: 'rows', rows: [{ id: 12, caseId: 7, case: summary(7) }] }],
    });
    first.frame({
      type: 'batch',
      cursor: 16,
      frames: [{ type: 'rows', rows: [{ id: 9, caseId: 7, case: summary(7) }] }],
    });
    expect(rows).toEqual([[7, 12]]);
    expect(rt.cursor).toBe(16);
    first.drop();
    vi.advanceTimersByTime(1_000);
    expect(sockets[1]!.url).toBe('wss://cc.example/api/v1/realtime?since=16&view=42');
    sockets[1]!.open();
    sockets[1]!.frame({
      type: 'batch',
      cursor: 90,
      frames: [
        { type: 'resync', cursor: 90, reason: 'behind' },
        { type: 'ready', cursor: 90 },
      ],
    });
    expect(resyncs).toEqual(['behind']);
    expect(rt.cursor).toBe(90);
    rt.stop();
  });

  it('keeps reconnecting when opening a socket throws (a blocked address, a browser refusing it)', () => {
    let refuse = true;
    const attempts: string[] = [];
    const refusing = new RealtimeClient({
      url: (since) => realtimeUrl(since, { protocol: 'https:', host: 'cc.example' }),
      onEvent: () => undefined,
      onTyping: () => undefined,
      onStateChange: (s) => states.push(s),
      createSocket: (url) => {
        attempts.push(url);
        if (refuse) throw new DOMException('refused by the content security policy', 'SecurityError');
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    });
    refusing.start();
    expect(states).toEqual(['offline']);
    vi.advanceTimersByTime(20_000);
    expect(attempts.length).toBeGreaterThan(1);
    refuse = false;
    vi.advanceTimersByTime(20_000);
    const socket = sockets.at(-1)!;
    socket.open();
    socket.frame({ type: 'ready', cursor: 3 });
    expect(states.at(-1)).toBe('online');
    refusing.stop();
  });

  it('gives up a socket that neither opens nor closes and tries again', () => {
    client.start();
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(9_000);
    expect(sockets).toHaveLength(1); // still waiting for the first one
    vi.advanceTimersByTime(1_500);
    expect(sockets[0]!.readyState).toBe(3);
    expect(states).toEqual(['offline']);
    vi.advanceTimersByTime(20_000);
    expect(sockets.length).toBeGreaterThan(1);
    const next = sockets.at(-1)!;
    next.open();
    next.frame({ type: 'ready', cursor: 1 });
    vi.advanceTimersByTime(60_000);
    expect(states.at(-1)).toBe('online'); // an open socket is never timed out
  });

  it('keeps the ready cursor when no events arrived', () => {
    client.start();
    sockets[0]!.open();
    sockets[0]!.frame({ type: 'ready', cursor: 41 });
    expect(client.cursor).toBe(41);
  });

  it('throttles typing frames to one per 2 s per case', () => {
    client.start();
    const s = sockets[0]!;
    client.sendTyping(1); // not open yet: dropped, not throttled
    s.open();
    client.sendTyping(1);
    now = 1000;
    client.sendTyping(1);
    client.sendTyping(2);
    now = 2100;
    client.sendTyping(1);
    expect(s.sent.map((f) => JSON.parse(f) as unknown)).toEqual([
      { type: 'typing', caseId: 1 },
      { type: 'typing', caseId: 2 },
      { type: 'typing', caseId: 1 },
    ]);
  });

  it('does not reconnect after stop', () => {
    client.start();
    sockets[0]!.open();
    client.stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
