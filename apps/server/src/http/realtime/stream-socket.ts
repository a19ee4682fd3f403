import type { WebSocket } from 'ws';

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

/**
 * Resolves once the socket has at most `belowBytes` not yet handed to the kernel (or is closed): a
 * replay writes its next page only then, so a long backlog is never all in memory.
 */
export async function waitForDrain(socket: WebSocket, belowBytes: number, pollMs = 10): Promise<void> {
  while (socket.readyState === socket.OPEN && socket.bufferedAmount > belowBytes)
    await new Promise((resolve) => setTimeout(resolve, pollMs));
}
