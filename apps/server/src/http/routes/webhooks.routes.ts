import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ChannelAdapters } from '../../channels/registry.ts';
import { AppError } from '../../lib/errors.ts';
import type { InboundProcessor } from '../../jobs/inbound-processor.ts';
import type { ChannelAccounts } from '../../modules/channels/channel-accounts.ts';

/** What the webhook routes use. */
export interface WebhookRouteDeps {
  channels: Pick<ChannelAccounts, 'find'>;
  adapters: ChannelAdapters;
  inbound: Pick<InboundProcessor, 'accept'>;
}

const Params = z.object({ kind: z.string().max(32), channelId: z.coerce.number().int().positive() });

/**
 * `POST /webhooks/<kind>/<channelId>`: verify over the raw bytes (fail closed), store the raw event once
 * under the provider's idempotency key, acknowledge; processing happens after the ack
 * (jobs/inbound-processor.ts). No secret ever appears in the URL.
 */
export function webhookRoutes(deps: WebhookRouteDeps): FastifyPluginAsync {
  return async (app) => {
    // Raw bytes for every content type in this scope: signatures are computed over them.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );

    app.get('/webhooks/:kind/:channelId', { schema: { hide: true } }, async (request, reply) => {
      const { kind, channelId } = Params.parse(request.params);
      const account = deps.channels.find(channelId);
      const adapter = account ? deps.adapters[account.kind] : undefined;
      const webhook = adapter?.webhook;
      if (!account || account.kind !== kind || account.status === 'disabled' || !webhook?.handshake) {
        throw new AppError('CHANNEL_NOT_FOUND', `no ${kind} channel ${channelId} takes webhooks here`);
      }
      const query = z.record(z.string(), z.string()).catch({}).parse(request.query);
      const answer = webhook.handshake(account.context, query);
      if (answer === null)
        throw new AppError('WEBHOOK_VERIFY_REFUSED', 'webhook verification token does not match');
      return reply.status(200).type('text/plain').send(answer);
    });

    app.post('/webhooks/:kind/:channelId', { schema: { hide: true } }, async (request, reply) => {
      const { kind, channelId } = Params.parse(request.params);
      const account = deps.channels.find(channelId);
      const adapter = account ? deps.adapters[account.kind] : undefined;
      if (!account || account.kind !== kind || account.status === 'disabled' || !adapter?.webhook) {
        throw new AppError('CHANNEL_NOT_FOUND', `no ${kind} channel ${channelId} takes webhooks here`);
      }
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const inbound = { rawBody, headers: request.headers };
      if (!adapter.webhook.verify(account.context, inbound)) {
        request.log.warn({ channelId, kind }, 'webhook rejected: signature or secret token does not match');
        throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'webhook authenticity check failed');
      }
      let eventKey: string;
      try {
        eventKey = adapter.webhook.eventKey(account.context, inbound);
      } catch (error) {
        throw new AppError('WEBHOOK_MALFORMED', 'the webhook body is not what this channel sends', {
          cause: error,
        });
      }
      await deps.inbound.accept(account.id, eventKey, rawBody);
      return reply.status(200).send('');
    });
  };
}
