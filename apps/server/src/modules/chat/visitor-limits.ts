/** Customer chat: visitor token lifetimes and per-visitor limits (read from the environment in config.ts). */
export interface ChatLimits {
  tokenTtlSeconds: number;
  tokenRefreshSeconds: number;
  /** 0: no rate limit. */
  messagesPerMinute: number;
  messageBurst: number;
  maxMessageBytes: number;
  maxSocketsPerVisitor: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-visitor limits, in memory on each node: a token bucket for messages (`messageBurst` at once, then
 * `messagesPerMinute`), typing signals (5 at once, then one a second), and a cap on open WebSockets. Keyed by identity, so a
 * visitor does not get a fresh allowance by refreshing or re-using several of their tokens.
 */
export class VisitorLimits {
  private readonly buckets = new Map<number, Bucket>();
  private readonly typing = new Map<number, Bucket>();
  private readonly sockets = new Map<number, number>();

  constructor(private readonly limits: ChatLimits) {}

  /** Largest message body or frame a visitor may send, in bytes. */
  get maxMessageBytes(): number {
    return this.limits.maxMessageBytes;
  }

  /** Takes one message from the visitor's allowance: 0 when allowed, else the ms until one is available. */
  takeMessage(identityId: number, nowMs: number): number {
    const { messagesPerMinute, messageBurst } = this.limits;
    if (messagesPerMinute === 0) return 0;
    const perMs = messagesPerMinute / 60_000;
    const b = this.buckets.get(identityId) ?? { tokens: messageBurst, at: nowMs };
    b.tokens = Math.min(messageBurst, b.tokens + Math.max(0, nowMs - b.at) * perMs);
    b.at = nowMs;
    if (b.tokens < 1) {
      this.buckets.set(identityId, b);
      return Math.ceil((1 - b.tokens) / perMs);
    }
    b.tokens -= 1;
    if (this.buckets.size >= 100_000) this.forgetFull(nowMs);
    this.buckets.set(identityId, b);
    return 0;
  }

  /** Whether a typing signal should be passed on (a burst of 5, then one a second; the rest are dropped). */
  allowTyping(identityId: number, nowMs: number): boolean {
    const b = this.typing.get(identityId) ?? { tokens: 5, at: nowMs };
    b.tokens = Math.min(5, b.tokens + Math.max(0, nowMs - b.at) / 1000);
    b.at = nowMs;
    if (this.typing.size >= 100_000) this.typing.clear();
    this.typing.set(identityId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Counts a new socket of the visitor: its release function, or null when the visitor has too many open. */
  openSocket(identityId: number): (() => void) | null {
    const open = this.sockets.get(identityId) ?? 0;
    if (open >= this.limits.maxSocketsPerVisitor) return null;
    this.sockets.set(identityId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.sockets.get(identityId) ?? 1) - 1;
      if (left <= 0) this.sockets.delete(identityId);
      else this.sockets.set(identityId, left);
    };
  }

  /** Drops buckets that have refilled completely: they carry no state. */
  private forgetFull(nowMs: number): void {
    const perMs = this.limits.messagesPerMinute / 60_000;
    for (const [id, b] of this.buckets) {
      if (b.tokens + (nowMs - b.at) * perMs >= this.limits.messageBurst) this.buckets.delete(id);
    }
  }
}
