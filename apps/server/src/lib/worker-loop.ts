import type { Logger } from './logger.ts';

/**
 * The run loop of a background worker (outbox relay, delivery dispatcher, inbound processor): runs
 * `round` when kicked (kicks during a run coalesce into one more run) and on a safety poll, repeating
 * while `more(count)` says the last round may have left work. Kicks before `start` are ignored, so
 * tests can drive rounds by hand.
 *
 * A failing round (typically: the database is away) is retried with a growing pause — the poll interval,
 * doubled after each failure in a row, at most `maxBackoffMs` — so an outage costs a few log lines and no
 * busy loop; kicks during the pause are ignored (the next poll after it runs a round). The first
 * success after failures is logged as the recovery.
 */
export class WorkerLoop {
  private running = false;
  private again = false;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private pollMs = 1000;
  private failures = 0;
  private pausedUntil = 0;

  constructor(
    private readonly options: {
      name: string;
      logger: Logger;
      round: () => Promise<number>;
      more: (count: number) => boolean;
      maxBackoffMs?: number;
    },
  ) {}

  /** How many rounds in a row have failed (0 when the last one succeeded). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether the loop is started and not stopped (kicks run rounds). */
  get active(): boolean {
    return this.started && !this.stopped;
  }

  /** Start (or start again after `stop`). */
  start(pollMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.pollMs = pollMs;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.started = true;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.failures > 0 && Date.now() < this.pausedUntil) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && this.options.more(await this.roundOk()));
      } while (this.again && !this.stopped);
    } catch (error) {
      this.failures++;
      const pauseMs = Math.min(this.pollMs * 2 ** (this.failures - 1), this.options.maxBackoffMs ?? 5000);
      this.pausedUntil = Date.now() + pauseMs;
      this.options.logger[this.failures === 1 ? 'error' : 'warn'](
        { err: error, failures: this.failures, pauseMs },
        `${this.options.name} run failed; will retry after a pause`,
      );
    } finally {
      this.running = false;
    }
  }

  private async roundOk(): Promise<number> {
    const count = await this.options.round();
    if (this.failures > 0) {
      this.options.logger.info({ failures: this.failures }, `${this.options.name} runs again`);
      this.failures = 0;
    }
    return count;
  }
}
