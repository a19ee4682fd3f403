import type { ChannelAdapters } from '../../channels/registry.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/store.ts';
import type { EventBus, PublishedEvent } from '../events/event-bus.ts';
import type { RoutingSettingsStore } from '../settings/routing-settings.ts';
import { expectedWaitMinutes, priorFromCapacity, shownWaitMinutes } from './estimate-wait.ts';
import { HandoutLog } from './handout-log.ts';
import { answerMessengerQuestion, announceToMessenger, type MessengerTask } from './messenger-replies.ts';
import type { NoticeDeps } from './messenger-notice.ts';
import { messengerKinds } from './messenger-notice.ts';
import { rankQueue, readOnlineCapacity, readWaitingCases } from './queue-order.ts';
import type { QueuePhrasesStore } from './queue-phrases.ts';
import { QueueWatch } from './queue-watch.ts';
import type { CustomerStreams } from '../chat/customer-streams.ts';

/** Timers, replaceable in tests. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface QueuePositionDeps extends NoticeDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  adapters: ChannelAdapters;
  routingSettings: RoutingSettingsStore;
  phrases: QueuePhrasesStore;
  /** The customers with a live stream on this node: the only ones this node tells their place. */
  streams: Pick<CustomerStreams, 'has' | 'size' | 'onOpened'>;
  /** Whether this node answers messenger customers (one node does; every node keeps the history). */
  leads: () => boolean;
}

export interface QueuePositionOptions {
  /** A customer's live position goes out at most this often per case. */
  coalesceMs?: number;
  /** How far back the hand-out rate is measured. */
  windowMs?: number;
  /** A messenger customer's question is answered at most this often per case. */
  answerEveryMs?: number;
  /**
   * A queue is ranked at most this often (real time: it bounds the reads of a long queue, not a rule
   * customers see; `idle()` runs a flush held back by it at once).
   */
  flushEveryMs?: number;
  timers?: Timers;
}

/** What the web chat was last told about a case. */
interface Shown {
  identityId: number;
  position: number;
  waitMinutes: number | null;
  at: number;
}

/**
 * Customers' place in the queue (docs/routing.md "Queue position"): follows the node's events to know
 * which cases wait and how fast each queue hands them out; tells the web-chat customers whose stream is open
 * on this node their position live (an ephemeral `queue.position` signal when the stream goes live and when
 * the place changes, at most every `coalesceMs` per case, cleared when taken; nothing is stored), and, on
 * the leading node, messenger customers on enqueue when the wait is long and when they ask.
 */
export class QueuePositionService {
  private readonly watch = new QueueWatch();
  private readonly log: HandoutLog;
  private readonly shown = new Map<number, Shown>();
  /** Web-chat cases that stopped waiting and were shown a position: cleared at the next flush. */
  private readonly toClear = new Map<number, number>();
  private readonly tasks = new Map<number, MessengerTask[]>();
  private readonly timers = new Map<number, { handle: unknown; due: number }>();
  private readonly running = new Map<number, Promise<void>>();
  /** When each queue's last flush began (`performance.now()`). */
  private readonly lastRun = new Map<number, number>();
  private readonly flushEveryMs: number;
  private readonly coalesceMs: number;
  private readonly answerEveryMs: number;
  private readonly clockTimers: Timers;
  private off: (() => void) | null = null;
  private offStreams: (() => void) | null = null;
  /** The case lookups of streams that just went live (awaited by `idle()`). */
  private readonly lookups = new Set<Promise<void>>();
  /** Customers whose stream went live since they were last told: told at the next flush, window or not. */
  private readonly fresh = new Set<number>();

  constructor(
    private readonly deps: QueuePositionDeps,
    options: QueuePositionOptions = {},
  ) {
    this.coalesceMs = options.coalesceMs ?? 5000;
    this.answerEveryMs = options.answerEveryMs ?? 60_000;
    this.flushEveryMs = options.flushEveryMs ?? 1000;
    this.log = new HandoutLog(options.windowMs ?? 30 * 60_000);
    this.clockTimers = options.timers ?? realTimers;
  }

  /** Reads the waiting cases from the store and follows the node's events. */
  async start(): Promise<void> {
    if (this.off) return;
    const rows = await this.deps.store.db
      .selectFrom('cases')
      .select(['id', 'queue_id'])
      .where('status', '=', 'queued')
      .execute();
    this.watch.seed(rows.map((r) => ({ id: Number(r.id), queueId: Number(r.queue_id) })));
    const now = this.now();
    for (const q of this.watch.queues()) {
      this.log.setWaiting(q, this.watch.count(q), now);
      this.schedule(q, 0);
    }
    this.off = this.deps.bus.onEvents((events) => this.onEvents(events));
    this.offStreams = this.deps.streams.onOpened((identityId) => this.streamOpened(identityId));
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    this.offStreams?.();
    this.offStreams = null;
    for (const t of this.timers.values()) this.clockTimers.clear(t.handle);
    this.timers.clear();
    await Promise.all(this.running.values());
  }

  /** The bus listener. */
  onEvents(events: readonly PublishedEvent[]): void {
    const changes = this.watch.apply(events);
    const now = this.now();
    for (const l of changes.left) {
      if (l.assigned) this.log.handout(l.queueId, now);
      const shown = this.shown.get(l.caseId);
      if (shown) this.toClear.set(l.caseId, shown.identityId);
      this.shown.delete(l.caseId);
    }
    for (const e of changes.entered) {
      if (e.kind !== null && messengerKinds.has(e.kind))
        this.task(e.queueId, { caseId: e.caseId, kind: 'announce' });
    }
    for (const q of changes.questions) {
      if (q.kind !== null && messengerKinds.has(q.kind))
        this.task(q.queueId, { caseId: q.caseId, kind: 'question', text: q.text });
    }
    for (const q of changes.dirty) {
      this.log.setWaiting(q, this.watch.count(q), now);
      this.schedule(q, 0);
    }
  }

  /**
   * A customer's stream went live here: if their case waits, its queue is ranked again and they are told
   * their place (even if it was shown to another of their sockets a moment ago).
   */
  streamOpened(identityId: number): void {
    this.fresh.add(identityId);
    const lookup = this.deps.store.db
      .selectFrom('identities as i')
      .innerJoin('cases as c', 'c.customer_id', 'i.customer_id')
      .select(['c.id', 'c.queue_id'])
      .where('i.id', '=', identityId)
      .where('c.status', '=', 'queued')
      // The flush tells a waiting case's last identity; for another one there is nothing to send.
      .whereRef('c.last_identity_id', '=', 'i.id')
      .executeTakeFirst()
      .then((waiting) => {
        if (waiting) this.schedule(Number(waiting.queue_id), 0);
        else this.fresh.delete(identityId);
      })
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, identityId }, 'queue position lookup failed'),
      )
      .finally(() => this.lookups.delete(lookup));
    this.lookups.add(lookup);
  }

  /** Runs every flush that is due by the clock and waits for the running ones (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all(this.lookups);
    const now = this.now();
    for (const [q, t] of [...this.timers]) {
      if (t.due > now) continue;
      this.clockTimers.clear(t.handle);
      this.timers.delete(q);
      this.run(q);
    }
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private task(queueId: number, task: MessengerTask): void {
    const list = this.tasks.get(queueId) ?? [];
    list.push(task);
    this.tasks.set(queueId, list);
    this.schedule(queueId, 0);
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }

  /** A flush of the queue in `delayMs` by the clock (kept if one is due sooner), held back by `flushEveryMs`. */
  private schedule(queueId: number, delayMs: number): void {
    const due = this.now() + delayMs;
    const pending = this.timers.get(queueId);
    if (pending && pending.due <= due) return;
    if (pending) this.clockTimers.clear(pending.handle);
    const last = this.lastRun.get(queueId);
    const held = last === undefined ? 0 : last + this.flushEveryMs - performance.now();
    const handle = this.clockTimers.set(
      () => {
        this.timers.delete(queueId);
        this.run(queueId);
      },
      Math.max(delayMs, held, 0),
    );
    this.timers.set(queueId, { handle, due });
  }

  /** One flush per queue at a time; another asked meanwhile runs after it. */
  private run(queueId: number): void {
    const before = this.running.get(queueId) ?? Promise.resolve();
    const next = before
      .then(() => {
        this.lastRun.set(queueId, performance.now());
        return this.flush(queueId);
      })
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, queueId }, 'queue position update failed'),
      )
      .finally(() => {
        if (this.running.get(queueId) === next) this.running.delete(queueId);
      });
    this.running.set(queueId, next);
  }

  /** Ranks the queue, estimates each case's wait and tells whom there is to tell. */
  private async flush(queueId: number): Promise<void> {
    const tasks = this.tasks.get(queueId) ?? [];
    this.tasks.delete(queueId);
    const clears = [...this.toClear];
    this.toClear.clear();
    const { streams } = this.deps;
    for (const [caseId, identityId] of clears)
      if (streams.has(identityId)) this.tell(identityId, caseId, null, null);
    // Messenger customers are answered by one node; web-chat customers by the node their stream is open on.
    const told = this.deps.leads() ? tasks : [];
    // Nobody to tell here: the queue is not even read.
    if (told.length === 0 && streams.size === 0) return;
    const { db } = this.deps.store;
    const settings = await this.deps.routingSettings.read();
    const ranked = rankQueue(await readWaitingCases(db, queueId), settings.agingSeconds);
    const now = this.now();
    const rate = this.log.rate(queueId, now, priorFromCapacity(await readOnlineCapacity(db, queueId)));
    const positions = new Map<number, { position: number; wait: number | null }>();
    let later = Infinity;
    for (const [i, c] of ranked.entries()) {
      const position = i + 1;
      const wait = shownWaitMinutes(expectedWaitMinutes(position, rate));
      positions.set(c.id, { position, wait });
      if (c.identityId === null || !this.streamsAccount(c.channelAccountId)) continue;
      if (!streams.has(c.identityId)) {
        // Not connected here: told afresh if their stream goes live on this node.
        this.shown.delete(c.id);
        continue;
      }
      const was = this.fresh.delete(c.identityId) ? undefined : this.shown.get(c.id);
      if (was && was.position === position && was.waitMinutes === wait) continue;
      // Shown too recently: the change goes out when its coalescing window ends.
      if (was && now - was.at < this.coalesceMs) {
        later = Math.min(later, was.at + this.coalesceMs - now);
        continue;
      }
      this.tell(c.identityId, c.id, position, wait);
      this.shown.set(c.id, { identityId: c.identityId, position, waitMinutes: wait, at: now });
    }
    if (told.length > 0) {
      const phrases = await this.deps.phrases.read();
      const context = { deps: this.deps, settings, phrases, now, answerEveryMs: this.answerEveryMs };
      for (const task of told) {
        const at = positions.get(task.caseId);
        if (!at) continue;
        if (task.kind === 'announce') await announceToMessenger(context, task.caseId, at);
        else await answerMessengerQuestion(context, task.caseId, task.text, at);
      }
    }
    if (later !== Infinity) this.schedule(queueId, later);
  }

  /** An ephemeral signal to the customer's sockets on this node (nothing is stored). */
  private tell(identityId: number, caseId: number, position: number | null, waitMinutes: number | null) {
    this.deps.bus.signal({
      kind: 'queue.position',
      caseId,
      position,
      waitMinutes,
      to: { audience: 'customer', identityId },
    });
  }

  /** Whether the account's customers have a live stream (the web chat and the SDK). */
  private streamsAccount(channelAccountId: number | null): boolean {
    const kind = this.deps.channels.kindOf(channelAccountId);
    return kind !== null && this.deps.adapters[kind].capabilities.customerStream === true;
  }
}
