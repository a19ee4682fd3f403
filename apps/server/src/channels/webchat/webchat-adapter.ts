import { z } from 'zod';
import type { ChannelAdapter } from '../channel-adapter.ts';

const WebchatConfig = z.object({}).strict();
const WebchatSecrets = z.object({}).strict();

/**
 * Our own web chat / in-app SDK channel. The customer reads Frontline's event stream directly
 * (`customerStream`), so "sending" means making the message visible in that stream: the core writes the
 * customer-audience event in the same transaction that marks the message sent. No provider to call, and no
 * raw events to parse: customers write through the chat gateway (no `parse`, no `webhook`).
 */
export const webchatAdapter: ChannelAdapter<z.infer<typeof WebchatConfig>, z.infer<typeof WebchatSecrets>> = {
  kind: 'webchat',
  configSchema: WebchatConfig,
  secretsSchema: WebchatSecrets,
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
    return { ok: true, detail: 'built in' };
  },
  async disconnect() {},
  async health() {
    return { ok: true, detail: 'built in' };
  },
  async send(_account, message) {
    return { externalId: `webchat:${message.messageId}` };
  },
};
