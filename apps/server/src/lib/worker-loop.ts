import type { Logger } from './logger.ts';

/**
 * The run loop of a background worker (outbox relay, delivery dispatcher, inbound processor): runs
 * `round` when kicked (kicks during a run coalesce into one more run) and on a safety poll, repeating
 * while `more(count)` says the last round may have left work. Kicks before `start` are ignored, so
 * tests can drive rounds by hand.
 */
export class WorkerLoop {
  private running = false;
  private again = false;
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      name: string;
      logger: Logger;
      round: () => Promise<number>;
      more: (count: number) => boolean;
    },
  ) {}

  /** Start (or start again after `stop`). */
  start(pollMs: number): void {
    if (this.timer) clearInterval(this.timer);
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
        while (!this.stopped && this.options.more(await this.options.round()));
      } while (this.again && !this.stopped);
    } catch (error) {
      this.options.logger.error({ err: error }, `${this.options.name} run failed; will retry on next poll`);
    } finally {
      this.running = false;
    }
  }
}
