import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OperatorEvent } from '@frontline/shared';
import { RealtimeClient, realtimeUrl, type ConnectionState, type SocketLike } from '../src/realtime.ts';
import { aMessage } from './fixtures.ts';

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
    first.frame(created(6));
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
