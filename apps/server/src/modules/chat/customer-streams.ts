/**
 * Which customers have a live stream open on this node: the chat gateway reports its sockets, once each is
 * live (replay done) and when it closes; the queue-position service tells only those (an ephemeral signal,
 * docs/routing.md "Queue position") and answers each newly live socket with the current place.
 */
export class CustomerStreams {
  private readonly open = new Map<number, number>();
  private readonly listeners = new Set<(identityId: number) => void>();

  /** A socket of `identityId` went live: listeners learn it (a second tab needs the current state too). */
  opened(identityId: number): void {
    this.open.set(identityId, (this.open.get(identityId) ?? 0) + 1);
    for (const listener of this.listeners) listener(identityId);
  }

  /** A live socket of `identityId` closed. */
  closed(identityId: number): void {
    const n = (this.open.get(identityId) ?? 0) - 1;
    if (n > 0) this.open.set(identityId, n);
    else this.open.delete(identityId);
  }

  has(identityId: number): boolean {
    return this.open.has(identityId);
  }

  /** How many customers have a live stream here. */
  get size(): number {
    return this.open.size;
  }

  /** Listens to sockets going live; returns the unsubscribe function. */
  onOpened(listener: (identityId: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
