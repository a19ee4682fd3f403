import { resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { chatAttachmentLimits } from '@frontline/shared';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerChatGateway, type ChatGatewayDeps } from './realtime/chat-gateway.ts';
import { registerOperatorGateway, type OperatorGatewayDeps } from './realtime/operator-gateway.ts';
import type { Logger } from '../lib/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { errorHandler } from './error-handler.ts';
import { openApiOptions } from './openapi.ts';
import { serveAssets, type AssetDirs } from './serve-assets.ts';
import { adminCatalogueRoutes, type AdminCatalogueRouteDeps } from './routes/admin-catalogue.routes.ts';
import { adminOperatorRoutes, type AdminOperatorRouteDeps } from './routes/admin-operators.routes.ts';
import { apiTokenRoutes, type ApiTokenRouteDeps } from './routes/api-tokens.routes.ts';
import { registerSecurityHeaders } from './register-security-headers.ts';
import { authRoutes, type AuthRouteDeps } from './routes/auth.routes.ts';
import { cannedReplyRoutes, type CannedReplyRouteDeps } from './routes/canned-replies.routes.ts';
import { caseRoutes, type CaseRouteDeps } from './routes/cases.routes.ts';
import { phoneRequestRoutes } from './routes/phone-request.routes.ts';
import { queuePhrasesRoutes, type QueuePhrasesRouteDeps } from './routes/queue-phrases.routes.ts';
import { chatRoutes, type ChatRouteDeps } from './routes/chat.routes.ts';
import { recapRoutes, type RecapRouteDeps } from './routes/recap.routes.ts';
import { customerRoutes, type CustomerRouteDeps } from './routes/customers.routes.ts';
import { operatorRoutes, type OperatorRouteDeps } from './routes/operators.routes.ts';
import { searchRoutes, type SearchRouteDeps } from './routes/search.routes.ts';
import { systemRoutes, type SystemRouteDeps } from './routes/system.routes.ts';
import { channelRoutes, type ChannelRouteDeps } from './routes/channels.routes.ts';
import { webhookRoutes, type WebhookRouteDeps } from './routes/webhooks.routes.ts';

export interface AppOptions {
  /** Built front-ends: `apps/widget/dist`, `apps/widget/demo`, `apps/workspace/dist`. */
  assets?: AssetDirs;
  /** Which proxies' X-Forwarded-* to trust (a hop count or addresses); default: `TRUST_PROXY`. */
  trustProxy?: false | number | string[];
}

/** What the HTTP application is built from: each route plugin's own dependencies (wired by the composition root). */
export interface AppDeps {
  logger: Logger;
  /** Which proxies' X-Forwarded-* to trust (config TRUST_PROXY); `AppOptions.trustProxy` overrides it. */
  trustProxy: false | number | string[];
  /** Request latency is observed here. */
  metrics: Pick<Metrics, 'httpDuration'>;
  system: SystemRouteDeps;
  auth: AuthRouteDeps;
  apiTokens: ApiTokenRouteDeps;
  operators: OperatorRouteDeps;
  cases: CaseRouteDeps;
  recap: RecapRouteDeps;
  cannedReplies: CannedReplyRouteDeps;
  /** The ACD administration under `/admin`. */
  admin: AdminCatalogueRouteDeps & AdminOperatorRouteDeps;
  customers: CustomerRouteDeps;
  channels: ChannelRouteDeps;
  search: SearchRouteDeps;
  queuePhrases: QueuePhrasesRouteDeps;
  chat: ChatRouteDeps;
  webhooks: WebhookRouteDeps;
  /** The realtime gateways (operators' and customers' sockets). */
  gateways: OperatorGatewayDeps & ChatGatewayDeps;
}

/** Default asset folders, relative to the repository root (cwd of `npm start`). */
export function defaultAssets(root = process.cwd()): AssetDirs {
  return {
    widgetDir: resolve(root, 'apps/widget/dist'),
    demoDir: resolve(root, 'apps/widget/demo'),
    workspaceDir: resolve(root, 'apps/workspace/dist'),
  };
}

/**
 * TRUST_PROXY as Fastify applies it. A hop count becomes "trust the `n` nearest hops" (Fastify itself
 * ignores a bare number): the address `n` hops back in X-Forwarded-For is the client's.
 */
function fastifyTrustProxy(
  trust: false | number | string[],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/** Builds the HTTP application (no listening): tests call `app.inject`, `main.ts` calls `listen`. */
export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    // Only the configured proxies' X-Forwarded-For/-Proto count: request.ip (rate limits, logs) and
    // request.protocol (the cookie's Secure flag) are then the real client's.
    trustProxy: fastifyTrustProxy(options.trustProxy ?? deps.trustProxy),
    bodyLimit: 1024 * 1024,
    // Per-request lines are off: latency goes to /metrics, errors are logged by the error handler.
    logController: new Fastify.LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; serialization itself stays plain JSON (fast on hot paths).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );

  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    return payload;
  });

  // Compression: JSON and anything else compressible, unless already sent precompressed (serve-assets.ts).
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
  // Security headers (CSP, framing, referrer) by area: see register-security-headers.ts.
  registerSecurityHeaders(app, { demoDir: options.assets?.demoDir });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, {
    limits: { fileSize: chatAttachmentLimits.maxBytes, files: 1, fields: 5 },
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, openApiOptions());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(systemRoutes(deps.system));
  await app.register(
    async (api) => {
      await api.register(authRoutes(deps.auth));
      await api.register(apiTokenRoutes(deps.apiTokens));
      await api.register(operatorRoutes(deps.operators));
      await api.register(caseRoutes(deps.cases));
      await api.register(recapRoutes(deps.recap));
      await api.register(cannedReplyRoutes(deps.cannedReplies));
      await api.register(adminCatalogueRoutes(deps.admin));
      await api.register(adminOperatorRoutes(deps.admin));
      await api.register(customerRoutes(deps.customers));
      await api.register(phoneRequestRoutes(deps.cases));
      await api.register(channelRoutes(deps.channels));
      await api.register(searchRoutes(deps.search));
      await api.register(queuePhrasesRoutes(deps.queuePhrases));
      // The customer API is called from host pages on any origin (bearer token, never cookies). The plugin
      // answers preflights with a catch-all OPTIONS route under its scope's prefix, here /api/v1/chat/*:
      // no other path (operator routes) gets CORS. The options are fixed, so they are normalised once.
      await api.register(
        async (chat) => {
          await chat.register(fastifyCors, { origin: '*', credentials: false, maxAge: 600 });
          await chat.register(chatRoutes(deps.chat));
        },
        { prefix: '/chat' },
      );
    },
    { prefix: '/api/v1' },
  );
  await app.register(webhookRoutes(deps.webhooks));
  registerOperatorGateway(app, deps.gateways);
  registerChatGateway(app, deps.gateways);

  if (options.assets) {
    await serveAssets(app, options.assets);
    app.get('/', (_req, reply) => reply.redirect('/app/', 302));
  }
  return app;
}
