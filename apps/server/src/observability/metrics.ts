import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/store.ts';
import type { MetricsSink } from './metrics-sink.ts';

/**
 * Prometheus metrics of one process: request latency, messages in/out, queue lengths. The domain and the
 * jobs write to it as a `MetricsSink`; HTTP serves `registry` on /metrics.
 */
export class Metrics implements MetricsSink {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly messagesIn: Counter<'channel'>;
  readonly messagesOut: Counter<'channel' | 'result'>;
  readonly inboundFailed: Counter<'channel' | 'reason'>;
  readonly inboundIgnored: Counter<'kind' | 'reason'>;
  readonly senderChecks: Counter<'channel' | 'method' | 'result'>;

  constructor(store: Store) {
    collectDefaultMetrics({ register: this.registry, prefix: 'frontline_' });
    this.httpDuration = new Histogram({
      name: 'frontline_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.messagesIn = new Counter({
      name: 'frontline_messages_in_total',
      help: 'Inbound customer messages stored',
      labelNames: ['channel'],
      registers: [this.registry],
    });
    this.messagesOut = new Counter({
      name: 'frontline_messages_out_total',
      help: 'Outbound messages delivered (result=sent) or failed (result=failed)',
      labelNames: ['channel', 'result'],
      registers: [this.registry],
    });
    this.inboundFailed = new Counter({
      name: 'frontline_inbound_events_failed_total',
      help: 'Provider events (webhooks, mails, reviews) that failed for good, by channel kind and reason code',
      labelNames: ['channel', 'reason'],
      registers: [this.registry],
    });
    this.inboundIgnored = new Counter({
      name: 'frontline_inbound_ignored_total',
      help: 'Inbound provider events taken but not turned into messages, by channel kind and reason code',
      labelNames: ['kind', 'reason'],
      registers: [this.registry],
    });
    this.senderChecks = new Counter({
      name: 'frontline_sender_checks_total',
      help: 'Sender checks of inbound messages (e-mail DMARC), by channel kind, method and result (attested, unattested, error)',
      labelNames: ['channel', 'method', 'result'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'frontline_queue_waiting_cases',
      help: 'Cases waiting in each queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        const rows = await store.db
          .selectFrom('queues')
          .leftJoin('cases', (j) =>
            j.onRef('cases.queue_id', '=', 'queues.id').on('cases.status', '=', 'queued'),
          )
          .select((eb) => ['queues.name', eb.fn.count<number>('cases.id').as('n')])
          .groupBy('queues.name')
          .execute();
        this.reset();
        for (const r of rows) this.set({ queue: r.name }, Number(r.n));
      },
    });
  }
}
