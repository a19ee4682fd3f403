import { EventEmitter } from 'node:events';
import type { OutboxEventRow } from '../store/schema.ts';

/** A sequenced durable event as it travels to the gateways. */
export type PublishedEvent = Pick<
  OutboxEventRow,
  'type' | 'audience' | 'queue_id' | 'operator_id' | 'identity_id' | 'payload'
> & { seq: number };

/** An ephemeral signal (typing): not stored, not replayed. */
export interface Signal {
  kind: 'typing';
  caseId: number;
  /** Who should receive it. */
  to:
    | { audience: 'operators'; queueId: number; operatorId: number | null }
    | { audience: 'customer'; identityId: number };
}

/**
 * Fan-out of sequenced events and ephemeral signals to the realtime gateways of this node.
 * (Scale-out replaces it with a Redis-backed bus with the same interface.)
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(events: PublishedEvent[]): void {
    if (events.length > 0) this.emitter.emit('events', events);
  }

  signal(signal: Signal): void {
    this.emitter.emit('signal', signal);
  }

  onEvents(listener: (events: PublishedEvent[]) => void): () => void {
    this.emitter.on('events', listener);
    return () => this.emitter.off('events', listener);
  }

  onSignal(listener: (signal: Signal) => void): () => void {
    this.emitter.on('signal', listener);
    return () => this.emitter.off('signal', listener);
  }
}
