import type { ChannelAdapters } from './channels/registry.ts';
import type { WebchatService } from './modules/chat/webchat-service.ts';
import type { Config } from './config.ts';
import type { DeliveryDispatcher } from './jobs/delivery-dispatcher.ts';
import type { InboundProcessor } from './jobs/inbound-processor.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secret-box.ts';
import type { AttachmentStore } from './modules/attachments/attachment-store.ts';
import type { AttachmentUrls } from './modules/attachments/attachment-urls.ts';
import type { AdminModules } from './modules/admin/admin-modules.ts';
import type { AuditLog } from './modules/audit/audit-log.ts';
import type { ApiTokenService } from './modules/auth/api-token-service.ts';
import type { SessionService } from './modules/auth/session-service.ts';
import type { CannedReplyService } from './modules/canned-replies/canned-reply-service.ts';
import type { CaseService } from './modules/cases/case-service.ts';
import type { ChannelAccounts } from './modules/channels/channel-accounts.ts';
import type { ChannelAdmin } from './modules/channels/channel-admin.ts';
import type { ReceiverLeadership } from './modules/channels/receiver-leadership.ts';
import type { CustomerProfiles } from './modules/customers/customer-profiles.ts';
import type { CustomerService } from './modules/customers/customer-service.ts';
import type { Permissions } from './modules/auth/permissions.ts';
import type { EventWriter } from './modules/events/event-writer.ts';
import type { OperatorService } from './modules/operators/operator-service.ts';
import type { PresenceService } from './modules/presence/presence-service.ts';
import type { SocketPresence } from './modules/presence/socket-presence.ts';
import type { PostgresPresenceMarks } from './store/presence-marks.ts';
import type { RoutingSettingsStore } from './modules/settings/routing-settings.ts';
import type { QueueDirectory } from './modules/queues/queue-directory.ts';
import type { QueuePhrasesStore } from './modules/queue-position/queue-phrases.ts';
import type { CustomerStreams } from './modules/chat/customer-streams.ts';
import type { QueuePositionService } from './modules/queue-position/queue-position-service.ts';
import type { Router } from './modules/routing/router.ts';
import type { Metrics } from './observability/metrics.ts';
import type { EventBus } from './modules/events/event-bus.ts';
import type { EventRelay } from './jobs/event-relay.ts';
import type { SearchIndexer } from './jobs/search-indexer.ts';
import type { SlaWatcher } from './jobs/sla-watcher.ts';
import type { EntryPointHours } from './modules/business-hours/entry-point-hours.ts';
import type { SearchService } from './modules/search/search-service.ts';
import type { Store } from './store/store.ts';

/**
 * The modules of one running Frontline, as the composition root (create-frontline.ts) built them. Every
 * route plugin, gateway, module and job is handed just the ones it uses (the gateways' `…GatewayDeps`);
 * tests, the bench and the demo reach modules through it.
 */
export interface Services {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  adapters: ChannelAdapters;
  bus: EventBus;
  /** Which customers have a live stream on this node. */
  customerStreams: CustomerStreams;
  relay: EventRelay;
  events: EventWriter;
  router: Router;
  channels: ChannelAccounts;
  secretBox: SecretBox;
  files: AttachmentUrls;
  audit: AuditLog;
  attachments: AttachmentStore;
  metrics: Metrics;
  cases: CaseService;
  customers: CustomerProfiles;
  /** The customer card, merges and their undo (checks visibility and `permissions`). */
  customerService: CustomerService;
  /** Which roles may do the configurable actions (`MERGE_ROLES`). */
  permissions: Permissions;
  queues: QueueDirectory;
  cannedReplies: CannedReplyService;
  dispatcher: DeliveryDispatcher;
  inbound: InboundProcessor;
  channelAdmin: ChannelAdmin;
  operators: OperatorService;
  /** The ACD administration: skills, queues, entry points, SLA policies, business hours, operators' routing. */
  admin: AdminModules;
  /** Online, away (a break), offline; shift end (docs/routing.md, "Presence"). */
  presence: PresenceService;
  /** This node's operator sockets and the grace timers of those whose last socket closed. */
  presenceSockets: SocketPresence;
  /** PostgreSQL with a `DATABASE_URL`: this node's marks of the operators it holds sockets of; else null. */
  presenceMarks: PostgresPresenceMarks | null;
  /** The center's routing settings (`settings.routing`). */
  routingSettings: RoutingSettingsStore;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  webchat: WebchatService;
  search: SearchService;
  /** Keeps the SQLite message index up to date (idle on PostgreSQL). */
  searchIndexer: SearchIndexer;
  /** The entry points' business hours (docs/routing.md). */
  hours: EntryPointHours;
  /** Routes cases at the opening, overflows waiting cases, warns/breaches/escalates SLA clocks. */
  slaWatcher: SlaWatcher;
  /** Whether this node runs the channels' pollers (one node of a cluster does). */
  /** What messenger customers are told about their place in the queue (`settings.queue_phrases`). */
  queuePhrases: QueuePhrasesStore;
  leadership: ReceiverLeadership;
  /** Customers' place in the queue (docs/routing.md "Queue position"); runs with the workers. */
  queuePosition: QueuePositionService;
}
