import type { ChatServerFrame } from '@frontline/shared';
import type { PublishedEvent, Signal } from '../../modules/events/event-bus.ts';
import type { SocketWriter } from './socket-writer.ts';

/** One customer chat socket as the hub knows it. */
export interface ChatConnection {
  readonly identityId: number;
  readonly writer: SocketWriter;
  /** The newest seq queued or sent to it. */
  last: number;
  /** Live frames that came during the replay (seq and frame); null once live. */
  replaying: Array<{ seq: number; frame: string }> | null;
  /** Bytes held in `replaying`. */
  replayingBytes: number;
}

/** Turns a stored customer event into its `{"type":"event","seq":…,"event":…}` frame, once per node. */
export type ChatFrameOf = (row: PublishedEvent) => string;

/**
 * This node's customer-stream fan-out: sockets indexed by identity; each event is serialised once and
 * queued to the identity's sockets (written corked once per turn); a socket that falls behind is stopped
 * by its writer's bound (docs/realtime.md).
 */
export class ChatHub {
  private readonly byIdentity = new Map<number, Set<ChatConnection>>();

  constructor(
    private readonly frameOf: ChatFrameOf,
    private readonly maxHeldBytes: number,
    private readonly onTooFar: (c: ChatConnection) => void,
  ) {}

  add(c: ChatConnection): void {
    let set = this.byIdentity.get(c.identityId);
    if (!set) this.byIdentity.set(c.identityId, (set = new Set()));
    set.add(c);
  }

  remove(c: ChatConnection): void {
    const set = this.byIdentity.get(c.identityId);
    set?.delete(c);
    if (set?.size === 0) this.byIdentity.delete(c.identityId);
  }

  /** The bus listener. */
  onEvents(events: PublishedEvent[]): void {
    for (const row of events) {
      if (row.audience !== 'customer' || row.identity_id === null) continue;
      const targets = this.byIdentity.get(row.identity_id);
      if (!targets) continue;
      const frame = this.frameOf(row);
      for (const c of targets) this.queue(c, row.seq, frame);
    }
  }

  /** The bus listener for signals: the operator is typing to this customer, or their place in the queue. */
  onSignal(signal: Signal): void {
    if (signal.to.audience !== 'customer') return;
    const targets = this.byIdentity.get(signal.to.identityId);
    if (!targets) return;
    const frame = JSON.stringify(
      signal.kind === 'typing'
        ? ({ type: 'typing', who: 'operator' } satisfies ChatServerFrame)
        : ({
            type: 'queue.position',
            caseId: signal.caseId,
            position: signal.position,
            waitMinutes: signal.waitMinutes,
          } satisfies ChatServerFrame),
    );
    for (const c of targets) c.writer.enqueue(frame);
  }

  /** Ends a replay: the live frames held meanwhile go out, without what the replay already sent. */
  goLive(c: ChatConnection): void {
    const held = c.replaying ?? [];
    c.replaying = null;
    c.replayingBytes = 0;
    for (const h of held) this.queue(c, h.seq, h.frame);
  }

  private queue(c: ChatConnection, seq: number, frame: string): void {
    if (c.replaying) {
      c.replaying.push({ seq, frame });
      c.replayingBytes += frame.length;
      if (c.replayingBytes > this.maxHeldBytes) this.onTooFar(c);
      return;
    }
    if (seq <= c.last) return;
    c.last = seq;
    c.writer.enqueue(frame);
  }
}
