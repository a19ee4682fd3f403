import type { ChannelKind } from '@frontline/shared';
import type { ChannelAdapter } from './channel-adapter.ts';
import { createEmailAdapter } from './email/email-adapter.ts';
import { googlePlayAdapter } from './google-play/google-play-adapter.ts';
import { telegramAdapter } from './telegram/telegram-adapter.ts';
import { viberAdapter } from './viber/viber-adapter.ts';
import { webchatAdapter } from './webchat/webchat-adapter.ts';
import { whatsappAdapter } from './whatsapp/whatsapp-adapter.ts';

/**
 * One adapter for every channel kind: the type the composition root hands to every module and job that
 * talks to channels. A registry that leaves out a kind does not compile.
 */
export type ChannelAdapters = { readonly [K in ChannelKind]: ChannelAdapter<unknown> };

/**
 * The production adapters, a fresh registry object per call: the composition root builds one and passes
 * it down; tests build their own with some kinds replaced (see test/support/fake-channel-adapter.ts).
 */
export function createChannelAdapters(overrides: Partial<ChannelAdapters> = {}): ChannelAdapters {
  return {
    webchat: webchatAdapter,
    telegram: telegramAdapter,
    whatsapp: whatsappAdapter,
    viber: viberAdapter,
    // Its own per registry: the sender check keeps state (a pause after a timeout) per server instance.
    email: createEmailAdapter(),
    google_play: googlePlayAdapter,
    ...overrides,
  };
}
