import type { Clock } from '../../src/lib/clock.ts';
import type { Timers } from '../../src/modules/presence/socket-presence.ts';

/**
 * A fake clock with the one-shot timers that follow it: `advance(ms)` moves the clock and runs every timer
 * due by then, in due order. Hand `clock` and `timers` to `startTestServer`.
 */
export class FakeTime {
  private nowMs: number;
  private next = 1;
  private readonly pending = new Map<number, { at: number; run: () => void }>();
  readonly clock: Clock = { now: () => new Date(this.nowMs) };
  readonly timers: Timers = {
    set: (run, ms) => {
      const id = this.next++;
      this.pending.set(id, { at: this.nowMs + ms, run });
      return id;
    },
    clear: (handle) => {
      this.pending.delete(handle as number);
    },
  };

  constructor(startIso: string) {
    this.nowMs = Date.parse(startIso);
  }

  /** How many timers wait to run. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Moves the clock on by `ms`, running the timers due by the new time. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.nowMs = due[1].at;
      due[1].run();
    }
    this.nowMs = until;
  }
}
