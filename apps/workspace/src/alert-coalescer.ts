/** What the coalescer needs of timers (tests pass fakes). */
export interface TimerApi {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: TimerApi = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * New-case alerts, coalesced: the first case after a quiet spell is announced at once; the ones that come
 * within `windowMs` after an announcement are announced together at the window's end ("N new cases"),
 * so a burst of a hundred cases makes a handful of notifications, not a hundred.
 * @example
 * const alerts = new AlertCoalescer(10_000, (ids) => notify(ids));
 * alerts.add(42);
 */
export class AlertCoalescer {
  private pending: number[] = [];
  private timer: unknown = null;

  constructor(
    private readonly windowMs: number,
    private readonly announce: (caseIds: number[]) => void,
    private readonly timers: TimerApi = realTimers,
  ) {}

  add(caseId: number): void {
    if (this.timer === null) {
      this.announce([caseId]);
      this.openWindow();
      return;
    }
    if (!this.pending.includes(caseId)) this.pending.push(caseId);
  }

  /** Drops what is pending (logout). */
  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }

  private openWindow(): void {
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      const ids = this.pending;
      this.pending = [];
      if (ids.length === 0) return;
      this.announce(ids);
      this.openWindow();
    }, this.windowMs);
  }
}
