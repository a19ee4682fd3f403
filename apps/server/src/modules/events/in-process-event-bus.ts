import type { EventBus, PublishedEvent, Signal } from './event-bus.ts';

/** Something that reports a failing listener (a logger's `error`). */
type ReportError = (error: unknown) => void;

/**
 * The bus of one node. `publish` and `signal` only queue; one `setImmediate` per burst hands everything
 * queued to the listeners in order, after the committer has resolved the writers it committed for.
 * A failing listener is reported and does not stop the others.
 */
export class InProcessEventBus implements EventBus {
  private readonly eventListeners = new Set<(events: PublishedEvent[]) => void>();
  private readonly signalListeners = new Set<(signal: Signal) => void>();
  private pending: Array<{ events: PublishedEvent[] } | { signal: Signal }> = [];
  private scheduled = false;

  constructor(private readonly reportError: ReportError = () => undefined) {}

  publish(events: PublishedEvent[]): void {
    if (events.length === 0) return;
    this.pending.push({ events });
    this.schedule();
  }

  signal(signal: Signal): void {
    this.pending.push({ signal });
    this.schedule();
  }

  onEvents(listener: (events: PublishedEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onSignal(listener: (signal: Signal) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  settled(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private waiters: Array<() => void> = [];

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    // Consecutive event batches go out as one, so listeners see one call per burst.
    let events: PublishedEvent[] = [];
    const flushEvents = () => {
      if (events.length === 0) return;
      const out = events;
      events = [];
      for (const listener of [...this.eventListeners]) this.call(() => listener(out));
    };
    for (const item of batch) {
      if ('events' in item) {
        events.push(...item.events);
        continue;
      }
      flushEvents();
      for (const listener of [...this.signalListeners]) this.call(() => listener(item.signal));
    }
    flushEvents();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.reportError(error);
    }
  }
}
