import {
  AddContactPointRequest,
  CustomerCard,
  CustomerMergeResult,
  CustomerUnmergeResult,
  ErrorBody,
  MergeCustomerRequest,
  UpdateCustomerRequest,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../modules/cases/case-service.ts';
import type { CustomerService } from '../../modules/customers/customer-service.ts';
import { actorOf, requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const ContactPointParams = IdParams.extend({ contactPointId: z.coerce.number().int().positive() });

/** What the customer routes use. */
export interface CustomerRouteDeps {
  guard: AuthGuardDeps;
  customers: CustomerService;
}

/** The customer card: read, rename, contact points, merge and undo (docs/customers.md). */
export function customerRoutes(deps: CustomerRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(deps.guard);
    const { customers } = deps;
    const actor = (request: Parameters<typeof sessionOf>[0]): Actor => actorOf(sessionOf(request));

    app.get(
      '/customers/:id',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary:
            'The customer card: contact points, identities, cases with their outcome, merge suggestions, undoable merges',
          params: IdParams,
          response: { 200: CustomerCard, 404: ErrorBody },
        },
      },
      (request) => customers.card(actor(request), request.params.id),
    );

    app.patch(
      '/customers/:id',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary: "Change the customer's display name (null clears it)",
          params: IdParams,
          body: UpdateCustomerRequest,
          response: { 200: CustomerCard, 404: ErrorBody, 409: ErrorBody },
        },
      },
      (request) => customers.rename(actor(request), request.params.id, request.body.displayName),
    );

    app.post(
      '/customers/:id/contact-points',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary: 'Add a phone or e-mail (unattested: it never links or merges customers by itself)',
          params: IdParams,
          body: AddContactPointRequest,
          response: { 201: CustomerCard, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const card = await customers.addContactPoint(actor(request), request.params.id, request.body);
        return reply.status(201).send(card);
      },
    );

    app.delete(
      '/customers/:id/contact-points/:contactPointId',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary: 'Remove an unattested phone or e-mail (attested ones stay: 409 CONTACT_POINT_ATTESTED)',
          params: ContactPointParams,
          response: { 200: CustomerCard, 404: ErrorBody, 409: ErrorBody },
        },
      },
      (request) =>
        customers.removeContactPoint(actor(request), request.params.id, request.params.contactPointId),
    );

    app.post(
      '/customers/:id/merge',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary: 'Merge another customer into this one (needs customers.merge; undoable)',
          description:
            "This customer survives and takes the other one's identities, contact points, cases and messages; " +
            'if both have an open case, the older one takes the messages of both and the other is closed ' +
            '(`mergedIntoCaseId`). 403 `CUSTOMER_NOT_VISIBLE` unless you see a case of each; 409 ' +
            '`CUSTOMER_ALREADY_MERGED` when either was merged meanwhile.',
          params: IdParams,
          body: MergeCustomerRequest,
          response: { 200: CustomerMergeResult, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      (request) =>
        customers.merge(actor(request), request.params.id, request.body.otherCustomerId, request.body.reason),
    );

    app.post(
      '/customer-merges/:id/undo',
      {
        preHandler: anyone,
        schema: {
          tags: ['customers'],
          summary: 'Undo a merge: both customers, their cases and messages as they were before it',
          params: IdParams,
          response: { 200: CustomerUnmergeResult, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      (request) => customers.undoMerge(actor(request), request.params.id),
    );
  };
}
