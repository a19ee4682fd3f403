import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Runs every dirty writer's flush once per turn of the event loop (one `setImmediate` for all sockets). */
export class FlushScheduler {
  private readonly dirty = new Set<SocketWriter>();
  private scheduled = false;

  /** Marks a writer to be flushed at the end of this turn. */
  mark(writer: SocketWriter): void {
    this.dirty.add(writer);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flushAll());
  }

  /** Flushes every marked writer now. */
  flushAll(): void {
    this.scheduled = false;
    const writers = [...this.dirty];
    this.dirty.clear();
    const shared: SharedBatches = new Map();
    for (const w of writers) w.flush(shared);
  }
}

/**
 * The batches of one flush that hold a single shared frame (a queue's rows, an event to its one viewer), by
 * frame then cursor, encoded once: every member of a queue whose turn holds only that queue's rows is sent the
 * same bytes, so a row window costs one encoding per queue and one write per socket.
 */
export type SharedBatches = Map<string, { cursor: number; bytes: Buffer }>;

/** The operator stream's `batch` message: `frames` (serialised) and where a reconnect may resume after them. */
export function batchFrame(cursor: number, frames: string[]): string {
  return `{"type":"batch","cursor":${cursor},"frames":[${frames.join(',')}]}`;
}

/** How a writer puts the frames of one turn on the wire. */
export type WriteMode =
  /**
   * One `{"type":"batch","cursor":…,"frames":[…]}` message per turn (the operator stream): one syscall,
   * and the cursor says where a reconnect may resume.
   */
  | { kind: 'batch'; cursor: () => number }
  /**
   * Each frame its own WebSocket message, written corked (one syscall per turn): the customer stream,
   * whose public protocol has no batch frame.
   */
  | { kind: 'frames'; raw: Socket | undefined };

/** The bounds of one socket (`RealtimeLimits`). */
export interface WriterBounds {
  /** Unsent bytes (not yet taken by the kernel) a socket may have when a frame comes. */
  maxUnsentBytes: number;
  /** Bytes that may be queued for one turn's batch. */
  maxQueuedBytes: number;
}

/**
 * The outgoing side of one socket: frames (already serialised, shared by every recipient) are queued and
 * written together at the end of the turn; a socket still holding more than `maxUnsentBytes` from earlier
 * turns when a frame comes, or with more than `maxQueuedBytes` queued in one turn, is written to no more —
 * its queue is dropped and `onOverflow` runs once (it tells the client to resync).
 */
export class SocketWriter {
  private queue: string[] = [];
  private queuedBytes = 0;
  private overflowed = false;
  private held = false;
  /** The most bytes this socket ever had waiting (queued plus unsent) — for tests and metrics. */
  peakBytes = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly scheduler: FlushScheduler,
    private readonly mode: WriteMode,
    private readonly bounds: WriterBounds,
    private readonly onOverflow: () => void,
  ) {}

  /** True once the socket was found too slow (or closed): nothing more is written to it. */
  get stopped(): boolean {
    return this.overflowed || this.socket.readyState !== this.socket.OPEN;
  }

  /** Queues a serialised frame for the end of this turn; returns false when the socket is stopped. */
  enqueue(frame: string): boolean {
    if (this.stopped) return false;
    this.queue.push(frame);
    this.queuedBytes += frame.length;
    if (!this.withinBound()) return false;
    this.scheduler.mark(this);
    return true;
  }

  /** Keeps live frames queued (still bounded) while a replay is written with `sendNow`. */
  hold(): void {
    this.held = true;
  }

  /** Ends `hold`: what was queued goes out at the end of this turn. */
  release(): void {
    this.held = false;
    if (this.queue.length > 0) this.scheduler.mark(this);
  }

  /** Writes what is queued (the scheduler calls it, with the batches this flush already encoded). */
  flush(shared?: SharedBatches): void {
    if (this.queue.length === 0 || this.stopped || this.held) return;
    const frames = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (this.mode.kind === 'batch') {
      const cursor = this.mode.cursor();
      const only = frames.length === 1 ? (frames[0] as string) : null;
      if (only === null || !shared) {
        this.socket.send(batchFrame(cursor, frames));
      } else {
        let batch = shared.get(only);
        if (!batch || batch.cursor !== cursor) {
          batch = { cursor, bytes: Buffer.from(batchFrame(cursor, frames)) };
          shared.set(only, batch);
        }
        this.socket.send(batch.bytes, { binary: false });
      }
    } else {
      const raw = this.mode.raw;
      raw?.cork();
      for (const f of frames) this.socket.send(f);
      if (raw) process.nextTick(() => raw.uncork());
    }
    this.withinBound();
  }

  /** Writes one frame now, outside the batch (replay pages, the resync notice); bounded like the rest. */
  sendNow(frame: string): boolean {
    if (this.stopped) return false;
    this.socket.send(frame);
    return this.withinBound();
  }

  private withinBound(): boolean {
    const unsent = this.socket.bufferedAmount;
    const waiting = this.queuedBytes + unsent;
    if (waiting > this.peakBytes) this.peakBytes = waiting;
    if (unsent <= this.bounds.maxUnsentBytes && this.queuedBytes <= this.bounds.maxQueuedBytes) return true;
    this.overflowed = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.onOverflow();
    return false;
  }
}
