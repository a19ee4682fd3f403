import {
  Attachment,
  ChatAck,
  ChatHistoryResponse,
  ChatSendRequest,
  EntryPoint,
  ErrorBody,
  StartChatRequest,
  StartChatResponse,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { readUpload } from '../read-upload.ts';

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** The customer side of web chat over HTTP (the SDK's fallback and the history loader). */
export function chatRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const { webchat } = services;
    const visitor = (request: FastifyRequest) => webchat.authenticate(bearerToken(request));
    const security = [{ visitorToken: [] }];

    app.get(
      '/chat/entry-points',
      { schema: { tags: ['chat'], response: { 200: z.array(EntryPoint) } } },
      () => webchat.entryPoints(),
    );

    app.post(
      '/chat/sessions',
      {
        schema: {
          tags: ['chat'],
          summary: 'Start or resume a visitor (optionally with an HMAC-signed identity)',
          body: StartChatRequest,
          response: { 200: StartChatResponse, 401: ErrorBody, 404: ErrorBody },
        },
        config: { rateLimit: { max: 300, timeWindow: 60_000 } },
      },
      (request) => webchat.start(request.body),
    );

    app.get(
      '/chat/history',
      {
        schema: {
          tags: ['chat'],
          security,
          querystring: z.object({ since: z.coerce.number().int().min(0).default(0) }),
          response: { 200: ChatHistoryResponse, 401: ErrorBody },
        },
      },
      async (request) => {
        const history = await webchat.history(await visitor(request), request.query.since);
        // Stored events carry the file URLs signed when they happened: fresh ones for this load.
        for (const item of history.items) services.files.refreshIn(item.event);
        return history;
      },
    );

    app.post(
      '/chat/messages',
      {
        schema: {
          tags: ['chat'],
          summary: 'Send a message (idempotent on clientMsgId)',
          security,
          body: ChatSendRequest,
          response: { 200: ChatAck, 401: ErrorBody },
        },
      },
      async (request) => webchat.send(await visitor(request), request.body),
    );

    app.post(
      '/chat/read',
      {
        schema: {
          tags: ['chat'],
          security,
          body: z.object({ upToMessageId: z.number().int() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await webchat.markRead(await visitor(request), request.body.upToMessageId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/chat/typing',
      { schema: { tags: ['chat'], security, response: { 204: z.null() } } },
      async (request, reply) => {
        await webchat.typing(await visitor(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/chat/attachments',
      {
        schema: {
          tags: ['chat'],
          security,
          consumes: ['multipart/form-data'],
          response: { 201: Attachment, 413: ErrorBody, 415: ErrorBody },
        },
        config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        const v = await visitor(request);
        const file = await readUpload(request);
        const meta = await services.attachments.upload({ ...file, by: { identityId: v.identityId } });
        return reply.status(201).send({ ...meta, url: services.files.url(meta) });
      },
    );
  };
}
