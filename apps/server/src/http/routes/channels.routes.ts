import { ChannelAccountView, CreateChannelRequest, ErrorBody } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { requireRole, sessionOf } from '../auth-guard.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** Channel administration (admin only). Secrets are write-only. */
export function channelRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireRole(services, ['admin']);
    app.get(
      '/channels',
      {
        preHandler: admin,
        schema: { tags: ['channels'], response: { 200: z.array(ChannelAccountView), 403: ErrorBody } },
      },
      () => services.channelAdmin.list(),
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
        reply
          .status(201)
          .send(await services.channelAdmin.create(request.body, sessionOf(request).operator.id)),
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
      (request) => services.channelAdmin.check(request.params.id),
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
      (request) => services.channelAdmin.disable(request.params.id, sessionOf(request).operator.id),
    );
  };
}
