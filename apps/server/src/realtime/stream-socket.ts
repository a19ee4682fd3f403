import type { WebSocket } from 'ws';
import type { PublishedEvent } from './event-bus.ts';
import type { EventBus } from './event-bus.ts';

/**
 * Replay-then-live delivery of sequenced events to one socket, with no gap and no duplicate:
 * live events are buffered while the backlog after `since` is replayed from the store, then flushed,
 * and anything at or below the last sent seq is dropped.
 */
export async function streamEvents(options: {
  socket: WebSocket;
  bus: EventBus;
  since: number;
  visible: (e: PublishedEvent) => boolean;
  /** Reads visible events with seq > after, ascending, at most `limit`. */
  readBacklog: (after: number, limit: number) => Promise<PublishedEvent[]>;
  frame: (e: PublishedEvent) => unknown;
  ready: (cursor: number) => unknown;
}): Promise<() => void> {
  const { socket, bus, visible, frame } = options;
  let last = options.since;
  let buffer: PublishedEvent[] | null = [];
  const sendEvent = (e: PublishedEvent) => {
    if (e.seq <= last) return;
    last = e.seq;
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame(e)));
  };
  const unsubscribe = bus.onEvents((events) => {
    for (const e of events) {
      if (!visible(e)) continue;
      if (buffer) buffer.push(e);
      else sendEvent(e);
    }
  });
  try {
    for (;;) {
      const page = await options.readBacklog(last, 500);
      for (const e of page) sendEvent(e);
      if (page.length < 500) break;
    }
    const pending: PublishedEvent[] = buffer;
    buffer = null;
    pending.sort((a, b) => a.seq - b.seq).forEach(sendEvent);
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(options.ready(last)));
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return unsubscribe;
}

/** Terminates sockets that stop answering pings (half-open TCP after a network change). */
export function keepAlive(socket: WebSocket, intervalMs = 30_000): void {
  let alive = true;
  socket.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, intervalMs);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}
