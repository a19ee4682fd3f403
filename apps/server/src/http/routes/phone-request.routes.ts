import { ErrorBody, Message, RequestPhoneRequest } from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaseService } from '../../modules/cases/case-service.ts';
import { actorOf, requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** What the phone-request route uses. */
export interface PhoneRequestRouteDeps {
  guard: AuthGuardDeps;
  cases: CaseService;
}

/**
 * `POST /cases/:id/request-phone`: the operator asks the customer for their phone with a share-phone button
 * on the channel the customer last used (channel-independent: the adapter's `capabilities.requestPhone`
 * decides; the case detail's `requestPhone` tells the workspace whether to offer it).
 */
export function phoneRequestRoutes(deps: PhoneRequestRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(deps.guard);
    app.post(
      '/cases/:id/request-phone',
      {
        preHandler: anyone,
        schema: {
          tags: ['cases'],
          summary: 'Ask the customer for their phone with a share-phone button (idempotent on clientMsgId)',
          description:
            'Telegram gets a one-time reply keyboard with a `request_contact` button, Viber a share-phone ' +
            'keyboard. The number the customer shares becomes an attested phone of the customer. Other ' +
            'channels answer 422 `PHONE_REQUEST_NOT_SUPPORTED`.',
          params: IdParams,
          body: RequestPhoneRequest,
          response: { 201: Message, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const actor = actorOf(sessionOf(request));
        const message = await deps.cases.requestPhone(actor, request.params.id, request.body);
        return reply.status(201).send(message);
      },
    );
  };
}
