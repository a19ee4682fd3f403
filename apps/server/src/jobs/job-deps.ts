import type { ChannelAdapters } from '../channels/registry.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { AttachmentStore } from '../modules/attachments/attachment-store.ts';
import type { CaseService } from '../modules/cases/case-service.ts';
import type { ChannelAccounts } from '../modules/channels/channel-accounts.ts';
import type { MetricsSink } from '../observability/metrics-sink.ts';
import type { Store } from '../store/store.ts';

/** What the channel workers (delivery dispatcher, inbound processor) are both built from. */
export interface JobDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  channels: ChannelAccounts;
  cases: CaseService;
  attachments: AttachmentStore;
  metrics: MetricsSink;
  adapters: ChannelAdapters;
}
