import type { ChannelKind } from '@frontline/shared';
import type { ChannelAdapter } from '../../channels/channel-adapter.ts';
import type { ChannelAdapters } from '../../channels/registry.ts';
import type { Clock } from '../../lib/clock.ts';
import type { MetricsSink } from '../../observability/metrics-sink.ts';
import type { Store } from '../../store/store.ts';
import type { AttachmentUrls } from '../attachments/attachment-urls.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChannelAccounts } from '../channels/channel-accounts.ts';
import type { EventWriter } from '../events/event-writer.ts';
import type { OutOfHoursReplies } from '../business-hours/out-of-hours-reply.ts';
import type { Router } from '../routing/router.ts';
import type { SlaClocks } from '../sla/sla-clocks.ts';

export type { ChannelAdapters };

/** Where inbound messages are counted (frontline_messages_in_total); written to, never read, by the domain. */
export type InboundCounter = Pick<MetricsSink, 'messagesIn'>;

/** What the case use cases need; the `CaseService` facade hands its deps to each of them. */
export interface CaseDeps {
  store: Store;
  clock: Clock;
  events: EventWriter;
  router: Router;
  channels: ChannelAccounts;
  /** The channel adapters (capabilities, templates, auto-acknowledgements). */
  adapters: ChannelAdapters;
  files: AttachmentUrls;
  audit: AuditLog;
  /** Called after a commit that queued outbound deliveries. */
  onDeliveryQueued: () => void;
  /** Counts stored inbound messages (frontline_messages_in_total). */
  metrics?: InboundCounter;
  /** The SLA clocks (docs/routing.md); without them cases carry no SLA. */
  sla?: SlaClocks;
  /** The out-of-hours answer to messenger customers (docs/routing.md). */
  outOfHours?: OutOfHoursReplies;
}

/** The adapter of a channel kind. */
export function adapterOf(deps: Pick<CaseDeps, 'adapters'>, kind: ChannelKind): ChannelAdapter<unknown> {
  return deps.adapters[kind];
}
