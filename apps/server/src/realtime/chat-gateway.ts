import { ChatClientFrame, type ChatServerFrame } from '@frontline/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Visitor } from '../channels/webchat/webchat-service.ts';
import { AppError } from '../lib/errors.ts';
import type { Services } from '../services.ts';
import { keepAlive, streamEvents } from './stream-socket.ts';

const Query = z.object({ token: z.string().max(1024), since: z.coerce.number().int().min(0).default(0) });

declare module 'fastify' {
  interface FastifyRequest {
    visitor?: Visitor;
  }
}

/** `/api/v1/chat/ws`: the customer's live stream and send path (docs/chat-protocol.md). */
export function registerChatGateway(app: FastifyInstance, services: Services): void {
  const { webchat } = services;
  app.get(
    '/api/v1/chat/ws',
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request) => {
        const q = Query.safeParse(request.query);
        if (!q.success) throw new AppError('CHAT_TOKEN_INVALID', 'token query parameter is required');
        request.visitor = await webchat.authenticate(q.data.token);
      },
    },
    async (socket, request) => {
      const visitor = request.visitor;
      if (!visitor) return socket.close(1008, 'unauthenticated');
      const { since } = Query.parse(request.query);
      keepAlive(socket);
      const send = (frame: ChatServerFrame) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      };
      const offSignal = services.bus.onSignal((s) => {
        if (s.to.audience === 'customer' && s.to.identityId === visitor.identityId)
          send({ type: 'typing', who: 'operator' });
      });
      let offEvents = () => {};
      socket.on('close', () => {
        offSignal();
        offEvents();
      });
      socket.on('message', (data: Buffer) => void onFrame(data.toString('utf8')));

      async function onFrame(raw: string) {
        let frame: z.output<typeof ChatClientFrame>;
        try {
          frame = ChatClientFrame.parse(JSON.parse(raw));
        } catch {
          return send({ type: 'error', code: 'VALIDATION_FAILED', message: 'invalid frame' });
        }
        try {
          switch (frame.type) {
            case 'message':
              return send({ type: 'ack', ack: await webchat.send(visitor!, frame.message) });
            case 'typing':
              return await webchat.typing(visitor!);
            case 'read':
              return await webchat.markRead(visitor!, frame.upToMessageId);
            case 'ping':
              return send({ type: 'pong' });
          }
        } catch (error) {
          const code = error instanceof AppError ? error.code : 'INTERNAL';
          if (!(error instanceof AppError)) request.log.error({ err: error }, 'chat frame failed');
          send({
            type: 'error',
            code,
            message: error instanceof AppError ? error.message : 'internal error',
            ...(frame.type === 'message' ? { clientMsgId: frame.message.clientMsgId } : {}),
          });
        }
      }

      try {
        offEvents = await streamEvents({
          socket,
          bus: services.bus,
          since,
          visible: (e) => e.audience === 'customer' && e.identity_id === visitor.identityId,
          readBacklog: async (after, limit) =>
            (
              await services.store.db
                .selectFrom('outbox_events')
                .select(['seq', 'type', 'audience', 'queue_id', 'operator_id', 'identity_id', 'payload'])
                .where('audience', '=', 'customer')
                .where('identity_id', '=', visitor.identityId)
                .where('seq', '>', after)
                .orderBy('seq')
                .limit(limit)
                .execute()
            ).map((r) => ({ ...r, seq: Number(r.seq) })),
          frame: (e) => {
            const event: unknown = JSON.parse(e.payload);
            services.files.refreshIn(event);
            return { type: 'event', seq: e.seq, event };
          },
          ready: (cursor) => ({ type: 'ready', cursor }),
        });
        if (socket.readyState !== socket.OPEN) offEvents();
      } catch (error) {
        request.log.error({ err: error }, 'chat stream failed');
        socket.close(1011, 'stream failed');
      }
    },
  );
}
