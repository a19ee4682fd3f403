import type { ChatEvent, OperatorEvent } from '@frontline/shared';
import type { OutboxEventRow } from '../../store/schema.ts';

/**
 * A sequenced durable event as it travels to the gateways. `event` is the object `payload` was serialised
 * from, when this node wrote the event itself (it is never sent or stored): listeners read it instead of
 * parsing the payload again. Events read back from the log (other nodes', a replay) carry only the payload.
 * Listeners share it, so none may change it.
 */
export type PublishedEvent = Pick<
  OutboxEventRow,
  'type' | 'audience' | 'queue_id' | 'operator_id' | 'identity_id' | 'case_id' | 'payload'
> & { seq: number; event?: Readonly<OperatorEvent | ChatEvent> };

/**
 * An ephemeral signal, not stored and not replayed, to this node's sockets: someone is typing, or a waiting
 * customer's place in the queue (position and estimate null: no longer waiting).
 */
export type Signal =
  | {
      kind: 'typing';
      caseId: number;
      /** Who should receive it. */
      to:
        | { audience: 'operators'; queueId: number; operatorId: number | null }
        | { audience: 'customer'; identityId: number };
    }
  | {
      kind: 'queue.position';
      caseId: number;
      position: number | null;
      waitMinutes: number | null;
      to: { audience: 'customer'; identityId: number };
    };

/**
 * The domain's port to this node's realtime fan-out: committed, sequenced events and ephemeral signals go
 * in; the gateways listen. `publish` never delivers synchronously: it only enqueues, and listeners run on
 * a later turn of the event loop, so a commit (and the customer's ack waiting on it) never waits for the
 * fan-out (docs/realtime.md). The in-process implementation is `InProcessEventBus`; scale-out across
 * nodes goes through the outbox (every node's relay publishes what got sequenced), not through the bus.
 */
export interface EventBus {
  /** Enqueues events (in seq order) for this node's listeners. */
  publish(events: PublishedEvent[]): void;
  /** Enqueues an ephemeral signal for this node's listeners. */
  signal(signal: Signal): void;
  /** Listens to published events, in seq order, in batches; returns the unsubscribe function. */
  onEvents(listener: (events: PublishedEvent[]) => void): () => void;
  /** Listens to signals; returns the unsubscribe function. */
  onSignal(listener: (signal: Signal) => void): () => void;
  /** Resolves once everything published or signalled so far has been handed to the listeners. */
  settled(): Promise<void>;
}
