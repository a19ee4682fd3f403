import {
  Attachment,
  ChatAck,
  ChatHistoryResponse,
  ChatSendRequest,
  ChatTokenResponse,
  EntryPoint,
  ErrorBody,
  PreChatRequest,
  PreChatResponse,
  StartChatRequest,
  StartChatResponse,
} from '@frontline/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyError, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import type { WebchatService } from '../../modules/chat/webchat-service.ts';
import type { AttachmentStore } from '../../modules/attachments/attachment-store.ts';
import type { AttachmentUrls } from '../../modules/attachments/attachment-urls.ts';
import { errorHandler } from '../error-handler.ts';
import { readUpload } from '../read-upload.ts';

const RetryDetails = z.object({ retryAfterMs: z.number() });

/**
 * The chat routes' errors: a JSON body over the message size limit is `413 PAYLOAD_TOO_LARGE`, and
 * `RATE_LIMITED` carries `Retry-After`; the rest as everywhere.
 */
const chatErrorHandler: typeof errorHandler = (error, request, reply) => {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const tooLarge = new AppError('PAYLOAD_TOO_LARGE', `${error.message}: send a shorter message`);
    return errorHandler(Object.assign(tooLarge, { statusCode: 413 }) satisfies FastifyError, request, reply);
  }
  const retry = error instanceof AppError ? RetryDetails.safeParse(error.details) : undefined;
  if (retry?.success) void reply.header('retry-after', String(Math.ceil(retry.data.retryAfterMs / 1000)));
  return errorHandler(error, request, reply);
};

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** What the customer chat routes use. */
export interface ChatRouteDeps {
  webchat: WebchatService;
  attachments: Pick<AttachmentStore, 'upload'>;
  files: Pick<AttachmentUrls, 'url' | 'refreshIn'>;
}

/** The customer side of web chat over HTTP (the SDK's fallback and the history loader). */
export function chatRoutes(deps: ChatRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const { webchat } = deps;
    const visitor = (request: FastifyRequest) => webchat.authenticate(bearerToken(request));
    const security = [{ visitorToken: [] }];
    app.setErrorHandler(chatErrorHandler);

    app.get('/entry-points', { schema: { tags: ['chat'], response: { 200: z.array(EntryPoint) } } }, () =>
      webchat.entryPoints(),
    );

    app.post(
      '/sessions',
      {
        schema: {
          tags: ['chat'],
          summary: 'Start or resume a visitor (optionally with an identity token signed by your backend)',
          body: StartChatRequest,
          response: { 200: StartChatResponse, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
        },
        config: { rateLimit: { max: 300, timeWindow: 60_000 } },
      },
      (request) => webchat.start(request.body),
    );

    app.post(
      '/sessions/refresh',
      {
        schema: {
          tags: ['chat'],
          summary: 'Exchange a visitor token (also an expired one, within its refresh horizon) for a new one',
          security,
          response: { 200: ChatTokenResponse, 401: ErrorBody },
        },
        config: { rateLimit: { max: 300, timeWindow: 60_000 } },
      },
      (request) => webchat.refresh(bearerToken(request)),
    );

    app.get(
      '/history',
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
        for (const item of history.items) deps.files.refreshIn(item.event);
        return history;
      },
    );

    app.post(
      '/messages',
      {
        schema: {
          tags: ['chat'],
          summary: 'Send a message (idempotent on clientMsgId)',
          security,
          body: ChatSendRequest,
          response: { 200: ChatAck, 401: ErrorBody, 413: ErrorBody, 429: ErrorBody },
        },
        bodyLimit: webchat.limits.maxMessageBytes,
      },
      async (request) => webchat.send(await visitor(request), request.body),
    );

    app.post(
      '/pre-chat',
      {
        schema: {
          tags: ['chat'],
          summary: "Answer the entry point's pre-chat form (once; stored as the visitor's own word)",
          description:
            'The fields come in the session answer (`pendingPreChat`). 400 `PRE_CHAT_INVALID` with ' +
            '`details: [{field, problem}]`; 409 `PRE_CHAT_ALREADY_ANSWERED`; 422 `PRE_CHAT_NOT_EXPECTED`.',
          security,
          body: PreChatRequest,
          response: { 200: PreChatResponse, 400: ErrorBody, 401: ErrorBody, 409: ErrorBody, 422: ErrorBody },
        },
        config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      },
      async (request) => webchat.preChat(await visitor(request), request.body),
    );

    app.post(
      '/read',
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
      '/typing',
      { schema: { tags: ['chat'], security, response: { 204: z.null() } } },
      async (request, reply) => {
        await webchat.typing(await visitor(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/attachments',
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
        const meta = await deps.attachments.upload({ ...file, by: { identityId: v.identityId } });
        return reply.status(201).send({ ...meta, url: deps.files.url(meta) });
      },
    );
  };
}
