import { ChannelAccountView, CreateChannelRequest, ErrorBody, FailedRawEventList } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { InboundProcessor } from '../../jobs/inbound-processor.ts';
import type { ChannelAdmin } from '../../modules/channels/channel-admin.ts';
import { requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the channel administration routes use. */
export interface ChannelRouteDeps {
  guard: AuthGuardDeps;
  channelAdmin: ChannelAdmin;
  /** The failed provider events: listed and processed again on demand. */
  inbound: Pick<InboundProcessor, 'listFailed' | 'reprocess'>;
}

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** Channel administration (admin only). Secrets are write-only. */
export function channelRoutes(deps: ChannelRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireRole(deps.guard, ['admin']);
    app.get(
      '/channels',
      {
        preHandler: admin,
        schema: { tags: ['channels'], response: { 200: z.array(ChannelAccountView), 403: ErrorBody } },
      },
      () => deps.channelAdmin.list(),
    );
    app.post(
      '/channels',
      {
        preHandler: admin,
        schema: {
          tags: ['channels'],
          summary: 'Connect a channel (secrets are stored encrypted and never returned)',
          body: CreateChannelRequest,
          response: { 201: ChannelAccountView, 400: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await deps.channelAdmin.create(request.body, sessionOf(request).operator.id)),
    );
    app.get(
      '/channels/failed-events',
      {
        preHandler: admin,
        schema: {
          tags: ['channels'],
          summary: 'Provider events that failed for good (newest 100), with the reason',
          response: { 200: FailedRawEventList, 403: ErrorBody },
        },
      },
      () => deps.inbound.listFailed(),
    );
    app.post(
      '/channels/failed-events/:id/reprocess',
      {
        preHandler: admin,
        schema: {
          tags: ['channels'],
          summary: 'Process a failed event again (after its cause was fixed); its message is stored once',
          params: IdParams,
          response: { 202: z.object({ id: z.number().int() }), 404: ErrorBody },
        },
      },
      async (request, reply) => {
        await deps.inbound.reprocess(request.params.id, sessionOf(request).operator.id);
        return reply.status(202).send({ id: request.params.id });
      },
    );
    app.post(
      '/channels/:id/check',
      {
        preHandler: admin,
        schema: {
          tags: ['channels'],
          summary: 'Check the provider-side health now',
          params: IdParams,
          response: { 200: ChannelAccountView },
        },
      },
      (request) => deps.channelAdmin.check(request.params.id),
    );
    app.delete(
      '/channels/:id',
      {
        preHandler: admin,
        schema: {
          tags: ['channels'],
          summary: 'Disconnect (history stays)',
          params: IdParams,
          response: { 200: ChannelAccountView },
        },
      },
      (request) => deps.channelAdmin.disable(request.params.id, sessionOf(request).operator.id),
    );
  };
}
