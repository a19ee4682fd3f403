import { describe, expect, it } from 'vitest';
import { SocketPresence } from '../src/modules/presence/socket-presence.ts';
import { FakeTime } from './support/fake-time.ts';

/** The per-node socket count and grace timers, without a server: the presence service is a fake. */
describe('SocketPresence', () => {
  function tracker(graceMs = 120_000) {
    const time = new FakeTime('2026-12-01T09:00:00Z');
    const offline: Array<{ operatorId: number; lostAt: string }> = [];
    let release: (() => void) | null = null;
    let holdGrace = false;
    const sockets = new SocketPresence({
      clock: time.clock,
      timers: time.timers,
      presence: {
        graceMs: () =>
          holdGrace
            ? new Promise<number>((resolve) => (release = () => resolve(graceMs)))
            : Promise.resolve(graceMs),
        offlineAfterGrace: (operatorId, lostAt) => {
          offline.push({ operatorId, lostAt });
          return Promise.resolve(true);
        },
      },
      onError: (error) => {
        throw error;
      },
    });
    const settle = () => new Promise((r) => setImmediate(r));
    return {
      time,
      sockets,
      offline,
      settle,
      hold: () => (holdGrace = true),
      release: () => release?.(),
    };
  }

  it('times only the last socket of an operator, from the moment it closed', async () => {
    const { time, sockets, offline, settle } = tracker();
    const a1 = sockets.opened(1);
    const a2 = sockets.opened(1);
    const b = sockets.opened(2);
    a1();
    a1(); // closing twice counts once
    await settle();
    expect(time.waiting).toBe(0);
    time.advance(5_000);
    a2();
    await settle();
    expect(time.waiting).toBe(1);
    time.advance(119_999);
    expect(offline).toEqual([]);
    time.advance(1);
    expect(offline).toEqual([{ operatorId: 1, lostAt: '2026-12-01T09:00:05.000Z' }]);
    expect(sockets.socketsOf(2)).toBe(1);
    b();
  });

  it('a reconnect cancels the timer, also while the grace is still being read', async () => {
    const { time, sockets, offline, settle, hold, release } = tracker();
    const first = sockets.opened(1);
    first();
    await settle();
    const again = sockets.opened(1);
    expect(time.waiting).toBe(0);
    hold();
    again();
    const third = sockets.opened(1); // back before the settings answered
    release();
    await settle();
    expect(time.waiting).toBe(0);
    time.advance(600_000);
    expect(offline).toEqual([]);
    expect(sockets.socketsOf(1)).toBe(1);
    third();
  });

  it('a closed tracker times nothing more', async () => {
    const { time, sockets, offline, settle } = tracker();
    const s = sockets.opened(1);
    s();
    await settle();
    expect(time.waiting).toBe(1);
    sockets.close();
    expect(time.waiting).toBe(0);
    sockets.opened(3)();
    await settle();
    time.advance(600_000);
    expect(offline).toEqual([]);
  });
});
