import type { Config } from './config.ts';
import { DeliveryDispatcher } from './jobs/delivery-dispatcher.ts';
import { InboundProcessor } from './jobs/inbound-processor.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import { AttachmentStore } from './modules/attachments/attachment-store.ts';
import { AttachmentUrls } from './modules/attachments/attachment-urls.ts';
import { ApiTokenService } from './modules/auth/api-token-service.ts';
import { AuditLog } from './modules/audit/audit-log.ts';
import { SessionService } from './modules/auth/session-service.ts';
import { CaseService } from './modules/cases/case-service.ts';
import { ChannelAccounts } from './modules/channels/channel-accounts.ts';
import { ChannelAdmin } from './modules/channels/channel-admin.ts';
import { EventWriter } from './modules/events/event-writer.ts';
import { OperatorService } from './modules/operators/operator-service.ts';
import { Router } from './modules/routing/router.ts';
import { EventRelay } from './jobs/event-relay.ts';
import { InProcessEventBus } from './modules/events/in-process-event-bus.ts';
import { WorkerLoop } from './lib/worker-loop.ts';
import { VisitorLimits } from './channels/webchat/visitor-limits.ts';
import { VisitorTokens } from './channels/webchat/visitor-tokens.ts';
import { WebchatService } from './channels/webchat/webchat-service.ts';
import { Metrics } from './http/metrics.ts';
import { SecretBox } from './lib/secret-box.ts';
import type { Store } from './store/store.ts';
import type { ChannelReceiver } from './channels/channel-adapter.ts';
import { channelRegistry } from './channels/registry.ts';
import { createReceiverEnv } from './modules/channels/create-receiver-env.ts';
import { ReceiverLeadership } from './modules/channels/receiver-leadership.ts';

export interface ServiceDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
}

/** Everything the HTTP layer and the workers use, wired explicitly (the composition root calls this). */
export async function createServices(deps: ServiceDeps) {
  const { config, logger, clock, store } = deps;
  const bus = new InProcessEventBus((error) => logger.error({ err: error }, 'a realtime listener failed'));
  const relay = new EventRelay(store, bus, logger);
  const events = new EventWriter(clock, (event) => relay.committed(event), store.dialect === 'sqlite');
  const router = new Router();
  const secretBox = new SecretBox(config.secretKey);
  const channels = new ChannelAccounts({
    store,
    secrets: secretBox,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
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
    // Called only after a commit, long after `dispatcher` below is initialised.
    onDeliveryQueued: () => dispatcher.kick(),
  });
  const dispatcher = new DeliveryDispatcher(
    {
      store,
      clock,
      logger,
      channels,
      cases,
      events,
      attachments,
      files,
      metrics,
    },
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
  });
  const channelAdmin = new ChannelAdmin({ store, clock, channels, secrets: secretBox, audit });
  const operators = new OperatorService({ store, clock, audit, events, cases });
  const sessions = new SessionService({ store, clock, operators, audit });
  const apiTokens = new ApiTokenService({ store, clock, operators, audit });
  const webchat = new WebchatService({
    store,
    clock,
    tokens: new VisitorTokens(config.secretKey, {
      ttlSeconds: config.chat.tokenTtlSeconds,
      refreshSeconds: config.chat.tokenRefreshSeconds,
    }),
    limits: new VisitorLimits(config.chat),
    widgetSecret: config.widgetSecret,
    channels,
    cases,
    bus,
  });
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
  // Uploads never sent with a message are deleted after a day; checked hourly (and at start).
  const uploadCleanup = new WorkerLoop({
    name: 'unattached upload clean-up',
    logger,
    round: () => attachments.deleteUnattached(),
    more: (count) => count >= 500,
  });
  return {
    ...deps,
    bus,
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
    dispatcher,
    inbound,
    channelAdmin,
    operators,
    sessions,
    apiTokens,
    webchat,
    /** Whether this node runs the channels' pollers (one node of a cluster does). */
    leadership,
    /** Start background workers (relay, dispatcher, inbound processor) and the channels' receivers. */
    async start() {
      relay.start();
      dispatcher.start();
      inbound.start();
      leadership.start();
      uploadCleanup.start(3600_000);
      for (const adapter of Object.values(channelRegistry)) {
        if (!adapter.receiver) continue;
        const env = createReceiverEnv({
          kind: adapter.kind,
          store,
          clock,
          logger,
          channels,
          settings: config.receivers,
          accept: (accountId, eventKey, raw) => inbound.accept(accountId, eventKey, raw),
          recordHealth: (accountId, health) => channelAdmin.recordHealth(accountId, health),
          pollsHere: () => leadership.isLeader(),
        });
        receivers.push(await adapter.receiver.start(env));
      }
    },
    async stop() {
      relay.stop();
      await dispatcher.stop();
      inbound.stop();
      uploadCleanup.stop();
      await refreshing;
      await Promise.all(receivers.splice(0).map((r) => r.stop()));
      await leadership.stop();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
