import { z } from 'zod';
import type { ChannelAdapter } from '../channel-adapter.ts';

const WebchatConfig = z.object({}).strict();

/**
 * Our own web chat / in-app SDK channel. The customer reads Frontline's event stream directly
 * (`customerStream`), so "sending" means making the message visible in that stream: the core writes the
 * customer-audience event in the same transaction that marks the message sent. No provider to call.
 */
export const webchatAdapter: ChannelAdapter<z.infer<typeof WebchatConfig>> = {
  kind: 'webchat',
  configSchema: WebchatConfig,
  secretsSchema: z.object({}).strict(),
  capabilities: {
    text: true,
    attachments: true,
    maxTextLength: 4000,
    typing: true,
    readReceipts: true,
    deliveryReceipts: true,
    buttons: false,
    customerStream: true,
  },
  // Nothing to call: "sending" cannot fail on a provider, and the stream folds a message by its id.
  delivery: { giveUpAfterMs: 24 * 60 * 60_000, idempotent: true },
  async connect() {
    return { ok: true, detail: 'built in', checkedAt: new Date().toISOString() };
  },
  async disconnect() {},
  async health() {
    return { ok: true, detail: 'built in', checkedAt: new Date().toISOString() };
  },
  async send(_account, message) {
    return { externalId: `webchat:${message.messageId}` };
  },
};
