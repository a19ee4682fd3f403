import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ChannelAdapters } from '../../channels/registry.ts';
import { AppError } from '../../lib/errors.ts';
import type { ChannelWebhook } from '../../channels/channel-adapter.ts';
import type { InboundProcessor } from '../../jobs/inbound-processor.ts';
import type { ChannelAccount, ChannelAccounts } from '../../modules/channels/channel-accounts.ts';

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
      const { account, webhook } = webhookOf(deps, request.params);
      if (!webhook.handshake) {
        throw new AppError(
          'CHANNEL_NOT_FOUND',
          `${account.kind} channel ${account.id} has no webhook handshake`,
        );
      }
      const query = z.record(z.string(), z.string()).catch({}).parse(request.query);
      // A misconfigured account (secrets unreadable) refuses like a wrong token: fail closed.
      const answer = account.status === 'misconfigured' ? null : webhook.handshake(account.context, query);
      if (answer === null)
        throw new AppError('WEBHOOK_VERIFY_REFUSED', 'webhook verification token does not match');
      return reply.status(200).type('text/plain').send(answer);
    });

    app.post('/webhooks/:kind/:channelId', { schema: { hide: true } }, async (request, reply) => {
      const { account, webhook } = webhookOf(deps, request.params);
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const inbound = { rawBody, headers: request.headers };
      // A misconfigured account (secrets unreadable) cannot check a signature: fail closed.
      if (account.status === 'misconfigured' || !webhook.verify(account.context, inbound)) {
        request.log.warn(
          { channelId: account.id, kind: account.kind },
          'webhook rejected: signature or secret token does not match',
        );
        throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'webhook authenticity check failed');
      }
      let eventKey: string;
      try {
        eventKey = webhook.eventKey(account.context, inbound);
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

/**
 * The enabled account a webhook URL names and its adapter's webhook: `CHANNEL_NOT_FOUND` for an unknown,
 * disabled or other-kind account, `CHANNEL_TAKES_NO_WEBHOOKS` for a kind that is not pushed (e-mail, Google
 * Play, web chat).
 */
function webhookOf(
  deps: Pick<WebhookRouteDeps, 'channels' | 'adapters'>,
  params: unknown,
): { account: ChannelAccount; webhook: ChannelWebhook } {
  const { kind, channelId } = Params.parse(params);
  const account = deps.channels.find(channelId);
  if (!account || account.kind !== kind || account.status === 'disabled') {
    throw new AppError('CHANNEL_NOT_FOUND', `no ${kind} channel ${channelId} takes webhooks here`);
  }
  const webhook = deps.adapters[account.kind].webhook;
  if (!webhook) {
    throw new AppError(
      'CHANNEL_TAKES_NO_WEBHOOKS',
      `${kind} channels take no webhooks: their messages are fetched`,
    );
  }
  return { account, webhook };
}
