import type { Clock } from '../../lib/clock.ts';
import type { PresenceService } from './presence-service.ts';
import type { SocketMarks } from './socket-marks.ts';

/** One-shot timers, injected so tests run the grace on a fake clock. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, not keeping the process alive. */
export const systemTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Tracked {
  sockets: number;
  /** Bumped on every open and every last close: a grace timer of an older generation does nothing. */
  generation: number;
  timer: unknown;
}

/**
 * This node's open operator sockets, per operator, and the grace timer of each operator whose last socket
 * here closed: a reconnect within `presenceGraceSeconds` cancels it; when it fires the operator is set
 * offline (`PresenceService.offlineAfterGrace`, a conditional write: nothing when their presence changed
 * after the socket closed, or another node still marks a socket of theirs: `SocketMarks`). An operator who
 * never opened a socket here (an API client) is never timed (docs/routing.md, "Presence").
 */
export class SocketPresence {
  private readonly operators = new Map<number, Tracked>();
  private closed = false;

  constructor(
    private readonly deps: {
      clock: Clock;
      timers: Timers;
      presence: Pick<PresenceService, 'offlineAfterGrace' | 'graceMs'>;
      /** Tells the other nodes this one holds sockets of an operator (none on a single node). */
      marks?: SocketMarks;
      onError: (error: unknown) => void;
    },
  ) {}

  /** An operator socket opened on this node; call the returned function (once) when it closes. */
  opened(operatorId: number): () => void {
    const tracked = this.operators.get(operatorId) ?? { sockets: 0, generation: 0, timer: null };
    this.operators.set(operatorId, tracked);
    tracked.sockets++;
    tracked.generation++;
    this.cancel(tracked);
    if (tracked.sockets === 1) this.deps.marks?.mark(operatorId);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      tracked.sockets--;
      if (tracked.sockets > 0) return;
      this.deps.marks?.unmark(operatorId);
      this.lost(operatorId, tracked);
    };
  }

  /** How many sockets of the operator are open on this node. */
  socketsOf(operatorId: number): number {
    return this.operators.get(operatorId)?.sockets ?? 0;
  }

  /** Cancels every grace timer and times nothing more (the node is shutting down). */
  close(): void {
    this.closed = true;
    for (const tracked of this.operators.values()) this.cancel(tracked);
    this.operators.clear();
  }

  private lost(operatorId: number, tracked: Tracked): void {
    if (this.closed) return;
    const generation = ++tracked.generation;
    const lostAt = this.deps.clock.now().toISOString();
    const current = () => !this.closed && tracked.sockets === 0 && tracked.generation === generation;
    this.deps.presence.graceMs().then((ms) => {
      if (!current()) return;
      tracked.timer = this.deps.timers.set(() => {
        tracked.timer = null;
        if (!current()) return;
        this.operators.delete(operatorId);
        this.deps.presence.offlineAfterGrace(operatorId, lostAt).catch(this.deps.onError);
      }, ms);
    }, this.deps.onError);
  }

  private cancel(tracked: Tracked): void {
    if (tracked.timer !== null) this.deps.timers.clear(tracked.timer);
    tracked.timer = null;
  }
}
