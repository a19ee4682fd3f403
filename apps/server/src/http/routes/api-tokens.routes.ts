import { ApiToken, CreateApiTokenRequest, CreatedApiToken, ErrorBody } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiTokenService } from '../../modules/auth/api-token-service.ts';
import { requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the API-token routes use. */
export interface ApiTokenRouteDeps {
  guard: AuthGuardDeps;
  apiTokens: ApiTokenService;
}

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** The signed-in operator's own API tokens (session only: a token cannot manage tokens). */
export function apiTokenRoutes(deps: ApiTokenRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(deps.guard);
    app.get(
      '/auth/tokens',
      {
        preHandler: anyone,
        schema: {
          tags: ['auth'],
          operationId: 'listApiTokens',
          summary: 'My API tokens (never the tokens themselves)',
          response: { 200: z.array(ApiToken) },
        },
      },
      (request) => deps.apiTokens.list(sessionOf(request).operator.id),
    );
    app.post(
      '/auth/tokens',
      {
        preHandler: anyone,
        schema: {
          tags: ['auth'],
          operationId: 'createApiToken',
          summary:
            'Create an API token (scopes within my role); the token is in this answer only. Send it as `Authorization: Bearer <token>`.',
          body: CreateApiTokenRequest,
          response: { 201: CreatedApiToken, 403: ErrorBody },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await deps.apiTokens.create(sessionOf(request).operator, request.body)),
    );
    app.delete(
      '/auth/tokens/:id',
      {
        preHandler: anyone,
        schema: {
          tags: ['auth'],
          operationId: 'revokeApiToken',
          summary: 'Revoke one of my API tokens (it is refused from then on)',
          params: IdParams,
          response: { 200: ApiToken, 404: ErrorBody },
        },
      },
      (request) => deps.apiTokens.revoke(sessionOf(request).operator.id, request.params.id),
    );
  };
}
