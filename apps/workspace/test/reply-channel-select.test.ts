import type { ReplyChannel } from '@frontline/shared';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { createApi } from '../src/api.ts';
import { Composer } from '../src/components/Composer.tsx';
import { ReplyChannelSelect } from '../src/components/ReplyChannelSelect.tsx';
import { renderInLocale as render } from './render-in-locale.ts';

const channel = (over: Partial<ReplyChannel> & Pick<ReplyChannel, 'identityId'>): ReplyChannel => ({
  channelKind: 'webchat',
  channelAccountId: 1,
  channelName: 'Web chat',
  display: 'Анна',
  available: true,
  reason: null,
  detail: null,
  replyWindow: { channelKind: 'webchat', closesAt: null, open: true },
  last: false,
  default: false,
  ...over,
});

const channels: ReplyChannel[] = [
  channel({ identityId: 11, last: true, default: true }),
  channel({ identityId: 12, channelKind: 'email', display: 'anna@example.org' }),
  channel({
    identityId: 13,
    channelKind: 'whatsapp',
    display: '+79001234567',
    available: false,
    reason: 'reply_window_closed',
  }),
];

/** The `<option>` of identity `id` in rendered HTML. */
const optionOf = (html: string, id: number) =>
  new RegExp(`<option[^>]*value="${id}"[^>]*>([^<]*)</option>`).exec(html);

describe('reply channel selector', () => {
  it('lists the identities by id with their channel, marks the default, disables the unavailable with the reason', () => {
    const en = render(
      createElement(ReplyChannelSelect, { channels, value: null, onChange: () => undefined }),
    );
    expect(en).toContain('data-testid="reply-channel"');
    expect(optionOf(en, 11)?.[1]).toBe('Web chat · Анна — default');
    expect(optionOf(en, 12)?.[0]).not.toContain('disabled');
    expect(optionOf(en, 12)?.[1]).toBe('E-mail · anna@example.org');
    expect(optionOf(en, 13)?.[0]).toContain('disabled');
    expect(optionOf(en, 13)?.[1]).toBe('WhatsApp · +79001234567 — reply window closed');
    expect(en).toMatch(/data-testid="reply-channel-badge"[^>]*>Web chat</);

    const ru = render(
      createElement(ReplyChannelSelect, { channels, value: 12, onChange: () => undefined }),
      'ru',
    );
    expect(optionOf(ru, 11)?.[1]).toBe('Веб-чат · Анна — по умолчанию');
    expect(optionOf(ru, 13)?.[1]).toBe('WhatsApp · +79001234567 — окно ответа закрыто');
    expect(ru).toMatch(/data-testid="reply-channel-badge"[^>]*>Эл\. почта</);
    expect(ru).toContain('aria-label="Канал ответа"');
  });

  it('is shown by the composer next to Send only when there are channels; a closed default blocks free text', () => {
    const composer = (replyChannels: ReplyChannel[]) =>
      render(
        createElement(Composer, {
          api: createApi(),
          onSend: () => Promise.resolve(),
          onTyping: () => undefined,
          replyChannels,
        }),
      );
    const shown = composer(channels);
    expect(shown.indexOf('data-testid="reply-channel"')).toBeLessThan(
      shown.indexOf('data-testid="composer-send"'),
    );
    expect(composer([])).not.toContain('data-testid="reply-channel"');
    const closedDefault = composer([
      { ...channels[2]!, default: true },
      { ...channels[0]!, default: false },
    ]);
    expect(closedDefault).toContain('placeholder="Replies are closed on this channel');
    expect(shown).toContain('placeholder="Write a reply to the customer…"');
  });
});
