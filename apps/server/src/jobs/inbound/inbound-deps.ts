import type { ChannelAdapters } from '../../channels/registry.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { AttachmentStore } from '../../modules/attachments/attachment-store.ts';
import type { AuditLog } from '../../modules/audit/audit-log.ts';
import type { CaseService } from '../../modules/cases/case-service.ts';
import type { ChannelAccounts } from '../../modules/channels/channel-accounts.ts';
import type { MetricsSink } from '../../observability/metrics-sink.ts';
import type { Store } from '../../store/store.ts';

/** What the inbound processor is built from; each of its steps takes only the part it uses. */
export interface InboundDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  channels: ChannelAccounts;
  cases: CaseService;
  attachments: AttachmentStore;
  metrics: MetricsSink;
  audit: AuditLog;
  adapters: ChannelAdapters;
}
