import {
  CannedReply,
  CannedReplyListQuery,
  CreateCannedReplyRequest,
  ErrorBody,
  UpdateCannedReplyRequest,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CannedReplyService } from '../../modules/canned-replies/canned-reply-service.ts';
import { actorOf, requireRole, sessionOf, type AuthGuardDeps } from '../auth-guard.ts';

/** What the canned-reply routes use. */
export interface CannedReplyRouteDeps {
  guard: AuthGuardDeps;
  cannedReplies: CannedReplyService;
}

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * Canned replies for the composer's `/` picker: every role lists, creates (personal; shared for supervisors
 * and admins), changes and deletes what it may (docs/canned-replies.md), and counts a use on insert.
 */
export function cannedReplyRoutes(deps: CannedReplyRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireRole(deps.guard);
    const tags = ['canned-replies'];
    app.get(
      '/canned-replies',
      {
        preHandler: anyone,
        schema: {
          tags,
          operationId: 'listCannedReplies',
          summary:
            'The canned replies I may use, most used first: my personal ones and the shared ones of my queues (of `queueId` and all queues when given)',
          querystring: CannedReplyListQuery,
          response: { 200: z.array(CannedReply) },
        },
      },
      (request) => deps.cannedReplies.list(actorOf(sessionOf(request)), request.query),
    );
    app.post(
      '/canned-replies',
      {
        preHandler: anyone,
        schema: {
          tags,
          operationId: 'createCannedReply',
          summary: 'Create a canned reply: personal, or shared (supervisor, admin) for one queue or all',
          body: CreateCannedReplyRequest,
          response: { 201: CannedReply, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await deps.cannedReplies.create(actorOf(sessionOf(request)), request.body)),
    );
    app.patch(
      '/canned-replies/:id',
      {
        preHandler: anyone,
        schema: {
          tags,
          operationId: 'updateCannedReply',
          summary: 'Change my personal reply, or (supervisor, admin) a shared one',
          params: IdParams,
          body: UpdateCannedReplyRequest,
          response: { 200: CannedReply, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
        },
      },
      (request) => deps.cannedReplies.update(actorOf(sessionOf(request)), request.params.id, request.body),
    );
    app.delete(
      '/canned-replies/:id',
      {
        preHandler: anyone,
        schema: {
          tags,
          operationId: 'deleteCannedReply',
          summary: 'Delete my personal reply, or (supervisor, admin) a shared one',
          params: IdParams,
          response: { 204: z.null(), 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        await deps.cannedReplies.remove(actorOf(sessionOf(request)), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/canned-replies/:id/use',
      {
        preHandler: anyone,
        schema: {
          tags,
          operationId: 'useCannedReply',
          summary: 'Count one use of a reply I may see (the workspace calls it when the reply is inserted)',
          params: IdParams,
          response: { 200: CannedReply, 404: ErrorBody },
        },
      },
      (request) => deps.cannedReplies.use(actorOf(sessionOf(request)), request.params.id),
    );
  };
}
