import type { ChannelKind } from '@frontline/shared';

/**
 * The longest text a reply can have on each channel (the adapters' `capabilities.maxTextLength`,
 * docs/channels.md "Limits at a glance"); `splits`: a longer text goes out in several messages.
 */
export const channelTextLimits: Record<ChannelKind, { max: number; splits: boolean }> = {
  webchat: { max: 4000, splits: false },
  telegram: { max: 4096, splits: true },
  whatsapp: { max: 4096, splits: true },
  viber: { max: 7000, splits: true },
  email: { max: 100_000, splits: false },
  google_play: { max: 350, splits: false },
};

/** The composer's counter: length, the channel's limit, how many messages it makes, whether it is too long. */
export function textCount(
  text: string,
  kind: ChannelKind | null,
): { length: number; max: number | null; parts: number; over: boolean } {
  const length = text.length;
  if (kind === null) return { length, max: null, parts: 1, over: false };
  const { max, splits } = channelTextLimits[kind];
  const parts = Math.max(1, Math.ceil(length / max));
  return { length, max, parts, over: !splits && length > max };
}
