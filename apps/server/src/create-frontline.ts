import type { FastifyInstance } from 'fastify';
import type { ProviderFetch } from './channels/call-provider.ts';
import type { ChannelAdapter, ChannelReceiver } from './channels/channel-adapter.ts';
import { createChannelAdapters, type ChannelAdapters } from './channels/registry.ts';
import { VisitorLimits } from './modules/chat/visitor-limits.ts';
import { VisitorTokens } from './modules/chat/visitor-tokens.ts';
import { WebchatService } from './modules/chat/webchat-service.ts';
import { channelSettingsOf, type Config } from './config.ts';
import { createApp, type AppOptions } from './http/create-app.ts';
import { DeliveryDispatcher } from './jobs/delivery-dispatcher.ts';
import { InboundProcessor } from './jobs/inbound-processor.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { AppError } from './lib/errors.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { SecretBox } from './lib/secret-box.ts';
import { WorkerLoop } from './lib/worker-loop.ts';
import { AttachmentStore } from './modules/attachments/attachment-store.ts';
import { AttachmentUrls } from './modules/attachments/attachment-urls.ts';
import { createAdminModules } from './modules/admin/admin-modules.ts';
import { AuditLog } from './modules/audit/audit-log.ts';
import { ApiTokenService } from './modules/auth/api-token-service.ts';
import { CannedReplyService } from './modules/canned-replies/canned-reply-service.ts';
import { SessionService } from './modules/auth/session-service.ts';
import { CaseService } from './modules/cases/case-service.ts';
import { ChannelAccounts } from './modules/channels/channel-accounts.ts';
import { ChannelAdmin } from './modules/channels/channel-admin.ts';
import { createReceiverEnv } from './modules/channels/create-receiver-env.ts';
import { ReceiverLeadership } from './modules/channels/receiver-leadership.ts';
import { CustomerProfiles } from './modules/customers/customer-profiles.ts';
import { CustomerService } from './modules/customers/customer-service.ts';
import { Permissions } from './modules/auth/permissions.ts';
import { EventWriter } from './modules/events/event-writer.ts';
import { OperatorService } from './modules/operators/operator-service.ts';
import { PresenceService } from './modules/presence/presence-service.ts';
import { noSocketMarks } from './modules/presence/socket-marks.ts';
import { SocketPresence, systemTimers, type Timers } from './modules/presence/socket-presence.ts';
import { PostgresPresenceMarks } from './store/presence-marks.ts';
import { RoutingSettingsStore } from './modules/settings/routing-settings.ts';
import { QueueDirectory } from './modules/queues/queue-directory.ts';
import { QueuePhrasesStore } from './modules/queue-position/queue-phrases.ts';
import { QueuePositionService } from './modules/queue-position/queue-position-service.ts';
import { Router } from './modules/routing/router.ts';
import { BusinessHoursGate } from './modules/business-hours/business-hours-gate.ts';
import { EntryPointHours } from './modules/business-hours/entry-point-hours.ts';
import { OutOfHoursReplies } from './modules/business-hours/out-of-hours-reply.ts';
import { SlaClocks } from './modules/sla/sla-clocks.ts';
import { SlaWatcher } from './jobs/sla-watcher.ts';
import type { RoutingGate } from './modules/routing/routing-gate.ts';
import { Metrics } from './observability/metrics.ts';
import { EventRelay } from './jobs/event-relay.ts';
import { SearchIndexer } from './jobs/search-indexer.ts';
import { SearchService } from './modules/search/search-service.ts';
import { InProcessEventBus } from './modules/events/in-process-event-bus.ts';
import { CustomerStreams } from './modules/chat/customer-streams.ts';
import type { Services } from './services.ts';
import { openStore } from './store/open-store.ts';
import { seed } from './store/seed.ts';
import type { Store } from './store/store.ts';

/** What a Frontline is built from; everything but `config` has a production default. */
export interface FrontlineOptions {
  config: Config;
  /** Default: a logger at `config.logLevel`. */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /**
   * An open store, which `close()` then leaves open (its opener closes it). Default: the store of
   * `config.databaseUrl` / `config.dataDir`, opened here and closed by `close()`.
   */
  store?: Store;
  /** Seed the queues, entry points and web-chat account if missing (default true). */
  seed?: boolean;
  /** Default: the production adapters (`createChannelAdapters()`); tests replace some kinds. */
  adapters?: ChannelAdapters;
  /**
   * The `fetch` the channel adapters' provider API calls go through (Telegram, WhatsApp, Viber, Google Play).
   * Default: the global one; tests record or answer calls with their own.
   */
  fetch?: ProviderFetch;
  /** The first admin to create unless an operator with this e-mail exists (`FRONTLINE_ADMIN_*`). */
  admin?: { email: string; password: string };
  /** The HTTP application's options (asset folders, trusted proxies). */
  app?: AppOptions;
  /** Default: Node's timers; tests run the presence grace on fake ones. */
  timers?: Timers;
  /** Asked before a case is handed to an operator (business hours). Default: every entry point open. */
  routingGate?: RoutingGate;
}

/** One running (or ready to run) Frontline: its HTTP application, its modules and its workers. */
export interface Frontline {
  /** The HTTP application, not listening yet: `app.listen(…)` or `app.inject(…)`. */
  app: FastifyInstance;
  services: Services;
  /** Whether `options.admin` was created now or existed already (undefined without `options.admin`). */
  admin: 'created' | 'exists' | undefined;
  /** Starts the background workers (relay, dispatcher, inbound processor, clean-up) and the channels' receivers. */
  start: () => Promise<void>;
  /** Stops the workers and receivers (the HTTP application stays up; `start()` may be called again). */
  stop: () => Promise<void>;
  /** Stops, closes the HTTP application, and closes the store if it was opened here. */
  close: () => Promise<void>;
}

/**
 * The composition root: config → store → modules → HTTP application → workers, every piece injectable.
 * main.ts, the tests' server, the bench servers and the demo all build Frontline through it.
 */
export async function createFrontline(options: FrontlineOptions): Promise<Frontline> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const ownStore = options.store === undefined;
  const store =
    options.store ?? (await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger }));
  try {
    if (options.seed !== false) await seed(store, clock);
    const adapters = options.adapters ?? createChannelAdapters();
    const modules = await createModules({
      config,
      logger,
      clock,
      store,
      adapters,
      fetch: options.fetch,
      timers: options.timers ?? systemTimers,
      routingGate: options.routingGate,
    });
    const workers = createWorkers(modules);
    const services: Services = {
      ...modules,
      leadership: workers.leadership,
      queuePosition: workers.queuePosition,
    };
    const admin = options.admin ? await ensureAdmin(services, options.admin) : undefined;
    const app = await createApp(appDeps(services), options.app);
    return {
      app,
      services,
      admin,
      start: () => workers.start(),
      stop: () => workers.stop(),
      close: async () => {
        await workers.stop();
        services.presenceSockets.close();
        await app.close();
        await services.presenceMarks?.close();
        if (ownStore) await store.close();
      },
    };
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }
}

/** The modules, each handed only what it uses. */
async function createModules(base: {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  adapters: ChannelAdapters;
  fetch: ProviderFetch | undefined;
  timers: Timers;
  routingGate: RoutingGate | undefined;
}): Promise<Modules> {
  const { config, logger, clock, store, adapters } = base;
  const bus = new InProcessEventBus((error) => logger.error({ err: error }, 'a realtime listener failed'));
  const relay = new EventRelay(store, bus, logger);
  const events = new EventWriter(clock, (event) => relay.committed(event), store.dialect === 'sqlite');
  const hours = new EntryPointHours();
  // Closed business hours hold an entry point's cases in the queue (docs/routing.md); tests may pass a gate.
  const router = new Router({
    clock,
    lockRows: store.dialect === 'postgres',
    gate: base.routingGate ?? new BusinessHoursGate(hours),
  });
  // Every node's committed case and operator changes keep this node's routing index current.
  bus.onEvents((published) => router.observe(published));
  const secretBox = new SecretBox(config.secretKey);
  const channels = new ChannelAccounts({
    store,
    secrets: secretBox,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    adapters,
    fetch: base.fetch,
  });
  await channels.reload();
  const files = new AttachmentUrls(config.secretKey, clock, config.fileUrlTtlSeconds);
  const audit = new AuditLog(clock);
  const attachments = new AttachmentStore({ store, clock, dataDir: config.dataDir });
  const metrics = new Metrics(store);
  const cases = new CaseService({
    store,
    clock,
    events,
    router,
    channels,
    files,
    audit,
    metrics,
    adapters,
    sla: new SlaClocks(hours),
    outOfHours: new OutOfHoursReplies(hours),
    // Called only after a commit, long after `dispatcher` below is initialised.
    onDeliveryQueued: () => dispatcher.kick(),
  });
  const dispatcher = new DeliveryDispatcher(
    { store, clock, logger, channels, cases, attachments, metrics, adapters },
    { sendTimeoutMs: config.deliveryTimeoutMs },
  );
  const inbound = new InboundProcessor({
    store,
    clock,
    logger,
    channels,
    cases,
    attachments,
    metrics,
    audit,
    adapters,
  });
  const channelAdmin = new ChannelAdmin({ store, clock, channels, secrets: secretBox, audit, adapters });
  const routingSettings = new RoutingSettingsStore({ store, clock });
  const presence = new PresenceService({ store, clock, events, router, channels, settings: routingSettings });
  // On PostgreSQL nodes mark the operators they hold sockets of, so no other node sets them offline.
  const presenceMarks =
    store.dialect === 'postgres' && config.databaseUrl
      ? new PostgresPresenceMarks(config.databaseUrl, (error) =>
          logger.warn({ err: error }, 'presence marks: the connection failed; taking them again'),
        )
      : null;
  const presenceSockets = new SocketPresence({
    clock,
    timers: base.timers,
    presence,
    marks: presenceMarks ?? noSocketMarks,
    onError: (error) => logger.error({ err: error }, 'presence after a lost connection failed'),
  });
  const operators = new OperatorService({ store, clock, audit, events, presence });
  const sessions = new SessionService({ store, clock, operators, audit });
  const apiTokens = new ApiTokenService({ store, clock, operators, audit });
  const admin = createAdminModules({
    store,
    clock,
    audit,
    events,
    routingSettingsChanged: () => router.settingsChanged(),
  });
  const webchat = new WebchatService({
    store,
    clock,
    tokens: new VisitorTokens(config.secretKey, {
      ttlSeconds: config.chat.tokenTtlSeconds,
      refreshSeconds: config.chat.tokenRefreshSeconds,
    }),
    limits: new VisitorLimits(config.chat),
    widgetSecret: config.widgetSecret,
    region: config.phoneRegion,
    logger,
    channels,
    cases,
    bus,
    hours,
  });
  const customers = new CustomerProfiles({ store, kindOf: (id) => channels.kindOf(id) });
  const permissions = new Permissions(config.permissions);
  const customerService = new CustomerService({
    store,
    clock,
    permissions,
    profiles: customers,
    merges: { channels, events, audit },
    region: config.phoneRegion,
  });
  const queues = new QueueDirectory({ store });
  const cannedReplies = new CannedReplyService({ store, clock, audit });
  const search = new SearchService({ store, region: config.phoneRegion });
  const queuePhrases = new QueuePhrasesStore({ store, clock });
  const searchIndexer = new SearchIndexer(store, logger);
  const slaWatcher = new SlaWatcher({ store, clock, logger, channels, events, router, hours });
  // New messages reach the SQLite index soon after their commit; the indexer's poll covers the rest.
  bus.onEvents((published) => {
    if (published.some((e) => e.type === 'message.created')) searchIndexer.kick();
  });
  return {
    config,
    logger,
    clock,
    store,
    adapters,
    bus,
    customerStreams: new CustomerStreams(),
    relay,
    events,
    router,
    channels,
    secretBox,
    files,
    audit,
    attachments,
    metrics,
    cases,
    customers,
    customerService,
    permissions,
    queues,
    cannedReplies,
    dispatcher,
    inbound,
    channelAdmin,
    operators,
    admin,
    presence,
    presenceSockets,
    presenceMarks,
    routingSettings,
    sessions,
    apiTokens,
    webchat,
    search,
    searchIndexer,
    hours,
    slaWatcher,
    queuePhrases,
  };
}

/** The modules; the workers add the receivers' leadership and the queue-position service. */
type Modules = Omit<Services, 'leadership' | 'queuePosition'>;

/** The HTTP application's dependencies: each route plugin gets what it uses. */
function appDeps(s: Services): Parameters<typeof createApp>[0] {
  const guard = { sessions: s.sessions, apiTokens: s.apiTokens };
  return {
    logger: s.logger,
    trustProxy: s.config.trustProxy,
    metrics: s.metrics,
    system: {
      store: s.store,
      dataDir: s.config.dataDir,
      metrics: s.metrics,
      metricsSettings: s.config.metrics,
      files: s.files,
      attachments: s.attachments,
    },
    auth: {
      guard,
      sessions: s.sessions,
      operators: s.operators,
      presence: s.presence,
      cookieSecure: s.config.cookieSecure,
    },
    apiTokens: { guard, apiTokens: s.apiTokens },
    operators: {
      guard,
      store: s.store,
      operators: s.operators,
      presence: s.presence,
      sessions: s.sessions,
      queues: s.queues,
      audit: s.audit,
      entryPoints: () => s.webchat.entryPoints(),
    },
    cases: {
      guard,
      store: s.store,
      cases: s.cases,
      customers: s.customers,
      channels: s.channels,
      attachments: s.attachments,
      files: s.files,
    },
    recap: { guard, store: s.store, clock: s.clock },
    cannedReplies: { guard, cannedReplies: s.cannedReplies },
    admin: { guard, ...s.admin },
    customers: { guard, customers: s.customerService },
    channels: { guard, channelAdmin: s.channelAdmin, inbound: s.inbound },
    search: { guard, search: s.search },
    queuePhrases: { guard, store: s.store, phrases: s.queuePhrases, audit: s.audit },
    chat: { webchat: s.webchat, attachments: s.attachments, files: s.files },
    webhooks: { channels: s.channels, adapters: s.adapters, inbound: s.inbound },
    gateways: s,
  };
}

/** The background workers and the channels' receivers, started and stopped together. */
function createWorkers(s: Modules): {
  leadership: ReceiverLeadership;
  queuePosition: QueuePositionService;
  start(): Promise<void>;
  stop(): Promise<void>;
} {
  const { config, logger, clock, store, channels, inbound, channelAdmin } = s;
  const receivers: ChannelReceiver[] = [];
  let refreshing: Promise<void> = Promise.resolve();
  const refreshReceivers = () => {
    refreshing = refreshing
      .then(() => Promise.all(receivers.map((r) => r.refresh())))
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'channel receiver refresh failed'),
      );
  };
  channels.onReload(refreshReceivers);
  const leadership = new ReceiverLeadership({ store, logger, onChange: refreshReceivers });
  // One node tells customers their place in the queue: the one that polls the channels.
  const queuePosition = new QueuePositionService({
    store,
    clock,
    logger,
    bus: s.bus,
    streams: s.customerStreams,
    events: s.events,
    channels,
    adapters: s.adapters,
    files: s.files,
    onDeliveryQueued: () => s.dispatcher.kick(),
    routingSettings: s.routingSettings,
    phrases: s.queuePhrases,
    leads: () => leadership.isLeader(),
  });
  // Uploads never sent with a message are deleted after a day; checked hourly (and at start).
  const uploadCleanup = new WorkerLoop({
    name: 'unattached upload clean-up',
    logger,
    round: () => s.attachments.deleteUnattached(),
    more: (count) => count >= 500,
  });
  return {
    leadership,
    queuePosition,
    async start() {
      s.relay.start();
      s.dispatcher.start();
      inbound.start();
      leadership.start();
      await queuePosition.start();
      uploadCleanup.start(3600_000);
      s.searchIndexer.start();
      s.slaWatcher.start(15_000, () => leadership.isLeader());
      const adapters: ChannelAdapter[] = Object.values(s.adapters);
      for (const adapter of adapters) {
        if (!adapter.receiver) continue;
        const env = createReceiverEnv({
          kind: adapter.kind,
          store,
          clock,
          logger,
          channels,
          settings: adapter.settingsSchema?.parse(channelSettingsOf(config, adapter.kind)),
          accept: (accountId, eventKey, raw) => inbound.accept(accountId, eventKey, raw),
          recordHealth: (accountId, health) => channelAdmin.recordHealth(accountId, health),
          pollsHere: () => leadership.isLeader(),
        });
        receivers.push(await adapter.receiver.start(env));
      }
    },
    async stop() {
      s.relay.stop();
      await s.dispatcher.stop();
      inbound.stop();
      uploadCleanup.stop();
      s.searchIndexer.stop();
      s.slaWatcher.stop();
      await queuePosition.stop();
      await refreshing;
      await Promise.all(receivers.splice(0).map((r) => r.stop()));
      await leadership.stop();
    },
  };
}

/** Creates the first admin unless that e-mail exists; a weak password names the variable it came from. */
async function ensureAdmin(
  services: Services,
  admin: { email: string; password: string },
): Promise<'created' | 'exists'> {
  const result = await services.operators.ensureAdmin(admin.email, admin.password).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'PASSWORD_TOO_WEAK')
      throw new Error(`FRONTLINE_ADMIN_PASSWORD: ${error.message}`);
    throw error;
  });
  services.logger.info({ email: admin.email, result }, 'first admin');
  return result;
}
