/** One counter as a writer sees it: add one (or `value`) under these labels. */
export interface CounterSink<Label extends string> {
  inc(labels: Partial<Record<Label, string>>, value?: number): void;
}

/**
 * What the domain and the jobs count, as they see it: they write to this interface and never know how the
 * figures are kept or served (observability/metrics.ts keeps them for Prometheus; tests may pass their own).
 */
export interface MetricsSink {
  /** Inbound customer messages stored, by channel kind. */
  readonly messagesIn: CounterSink<'channel'>;
  /** Outbound messages delivered (`result=sent`) or failed for good (`result=failed`). */
  readonly messagesOut: CounterSink<'channel' | 'result'>;
  /** Provider events that failed for good, by channel kind and reason code. */
  readonly inboundFailed: CounterSink<'channel' | 'reason'>;
  /** Provider events taken but not turned into messages, by channel kind and reason code. */
  readonly inboundIgnored: CounterSink<'kind' | 'reason'>;
  /**
   * Sender checks of inbound messages (e-mail: DMARC on an aligned DKIM signature), by channel kind, method
   * and result (`attested`, `unattested`, `error`).
   */
  readonly senderChecks: CounterSink<'channel' | 'method' | 'result'>;
}
