import type {
  ChannelAccountContext,
  ChannelAdapter,
  DeliveryPolicy,
  OutboundMessage,
  SendResult,
} from '../../src/channels/channel-adapter.ts';
import { webchatAdapter } from '../../src/channels/webchat/webchat-adapter.ts';

/** What one `send` does: answer with this result, throw this error, or run this function. */
export type SendOutcome =
  | SendResult
  | Error
  | ((message: OutboundMessage, account: ChannelAccountContext) => SendResult | Promise<SendResult>);

/** Per-test settings of a fake: the capabilities, delivery policy and rate limits it declares. */
export interface FakeChannelSettings {
  capabilities?: Partial<ChannelAdapter['capabilities']>;
  delivery?: Partial<DeliveryPolicy>;
  /** `null`: no pacing at all, whatever the base adapter declares. */
  rateLimits?: ChannelAdapter['rateLimits'] | null;
}

/**
 * A channel adapter for tests, built on a copy of a real one (`base`, web chat by default): it keeps the
 * base adapter's behaviour except what the test sets — capabilities, delivery policy, rate limits, what
 * `send` answers — and records every send. Hand `fake.adapter` to the server
 * (`startTestServer(dialect, { adapters: { webchat: fake.adapter } })`); the production adapters are never
 * touched, so tests cannot leak settings into each other.
 *
 * @example
 * const webchat = new FakeChannelAdapter(webchatAdapter, { capabilities: { replyWindowHours: 24 } });
 * webchat.sendInTurn(new ChannelError('DOWN', 'provider down', { retryable: true }));
 */
export class FakeChannelAdapter {
  /** The adapter to put in the registry. Its fields belong to this fake alone. */
  readonly adapter: ChannelAdapter<unknown>;
  /** Every message `send` was called with (each attempt), in order. */
  readonly attempts: OutboundMessage[] = [];
  /** The messages `send` answered with a result (not thrown), in order. */
  readonly delivered: OutboundMessage[] = [];
  private readonly script: SendOutcome[] = [];
  private fallback: SendOutcome;

  constructor(base: ChannelAdapter<unknown> = webchatAdapter, settings: FakeChannelSettings = {}) {
    const { rateLimits } = settings;
    this.adapter = {
      ...base,
      capabilities: { ...base.capabilities, ...settings.capabilities },
      delivery: { ...base.delivery, ...settings.delivery },
      rateLimits: rateLimits === null ? undefined : (rateLimits ?? base.rateLimits),
      ...(base.webhook ? { webhook: { ...base.webhook } } : {}),
      send: (account, message) => this.send(account, message),
    };
    this.fallback = (message, account) => base.send.call(this.adapter, account, message);
  }

  /** Changes declared capabilities (the running server reads them at each use). */
  setCapabilities(capabilities: Partial<ChannelAdapter['capabilities']>): void {
    Object.assign(this.adapter.capabilities, capabilities);
  }

  /** Changes the delivery policy (give-up horizon, idempotency). */
  setDelivery(delivery: Partial<DeliveryPolicy>): void {
    Object.assign(this.adapter.delivery, delivery);
  }

  /** Sets (or with undefined removes) the pacing the channel declares. */
  setRateLimits(rateLimits: ChannelAdapter['rateLimits']): void {
    this.adapter.rateLimits = rateLimits;
  }

  /** The next sends answer these outcomes, one each, in order; then `onSend`'s (the base adapter's by default). */
  sendInTurn(...outcomes: SendOutcome[]): this {
    this.script.push(...outcomes);
    return this;
  }

  /** What every send answers once the outcomes of `sendInTurn` are used up. */
  onSend(outcome: SendOutcome): this {
    this.fallback = outcome;
    return this;
  }

  private async send(account: ChannelAccountContext, message: OutboundMessage): Promise<SendResult> {
    this.attempts.push(message);
    const outcome = this.script.shift() ?? this.fallback;
    if (outcome instanceof Error) throw outcome;
    const result = typeof outcome === 'function' ? await outcome(message, account) : outcome;
    this.delivered.push(message);
    return result;
  }
}
