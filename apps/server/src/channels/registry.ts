import type { ChannelKind } from '@frontline/shared';
import type { ChannelAdapter } from './channel-adapter.ts';
import { emailAdapter } from './email/email-adapter.ts';
import { googlePlayAdapter } from './google-play/google-play-adapter.ts';
import { telegramAdapter } from './telegram/telegram-adapter.ts';
import { viberAdapter } from './viber/viber-adapter.ts';
import { webchatAdapter } from './webchat/webchat-adapter.ts';
import { whatsappAdapter } from './whatsapp/whatsapp-adapter.ts';

/** The one registry of channel adapters. Adding a ChannelKind without an adapter fails to compile. */
export const channelRegistry = {
  webchat: webchatAdapter,
  telegram: telegramAdapter,
  whatsapp: whatsappAdapter,
  viber: viberAdapter,
  email: emailAdapter,
  google_play: googlePlayAdapter,
} satisfies Record<ChannelKind, ChannelAdapter<unknown>>;

export function adapterFor(kind: ChannelKind): ChannelAdapter<unknown> {
  return channelRegistry[kind];
}
