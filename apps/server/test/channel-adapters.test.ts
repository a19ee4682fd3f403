import { ChannelKind } from '@frontline/shared';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ChannelAdapter } from '../src/channels/channel-adapter.ts';
import { createChannelAdapters, type ChannelAdapters } from '../src/channels/registry.ts';
import { telegramAdapter } from '../src/channels/telegram/telegram-adapter.ts';
import { webchatAdapter } from '../src/channels/webchat/webchat-adapter.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';

describe('the channel adapter registry', () => {
  it('has one adapter for every channel kind, each of its own kind', () => {
    const adapters = createChannelAdapters();
    expect(Object.keys(adapters).sort()).toEqual([...ChannelKind.options].sort());
    for (const kind of ChannelKind.options) expect(adapters[kind].kind).toBe(kind);
  });

  it('is a type that does not compile with a kind left out', () => {
    expectTypeOf<keyof ChannelAdapters>().toEqualTypeOf<ChannelKind>();
    const { email: _email, ...withoutEmail } = createChannelAdapters();
    // @ts-expect-error — a registry without `email` is not a ChannelAdapters.
    const incomplete: ChannelAdapters = withoutEmail;
    expect(incomplete).not.toHaveProperty('email');
  });

  it('takes replacements by kind, leaving the production adapters as they are', () => {
    const fake = new FakeChannelAdapter(webchatAdapter, {
      capabilities: { replyWindowHours: 24 },
      rateLimits: { perRecipient: { perSecond: 1, burst: 1 } },
      delivery: { idempotent: false },
    });
    const adapters = createChannelAdapters({ webchat: fake.adapter });
    expect(adapters.webchat).toBe(fake.adapter);
    expect(adapters.telegram).toBe(telegramAdapter);
    fake.setCapabilities({ buttons: true });
    expect(adapters.webchat.capabilities).toMatchObject({ replyWindowHours: 24, buttons: true });
    expect(webchatAdapter.capabilities.replyWindowHours).toBeUndefined();
    expect(webchatAdapter.capabilities.buttons).toBe(false);
    expect(webchatAdapter.rateLimits).toBeUndefined();
    expect(webchatAdapter.delivery.idempotent).toBe(true);
    expectTypeOf(fake.adapter).toEqualTypeOf<ChannelAdapter<unknown>>();
  });

  it('a fake records every send and answers what the test scripted, then what the base adapter does', async () => {
    const fake = new FakeChannelAdapter();
    const down = new Error('down');
    fake.sendInTurn(down, { externalId: 'scripted' });
    const account = { id: 1, name: 'w', config: {}, secrets: {}, webhookUrl: '', tokenKey: Buffer.alloc(0) };
    const message = {
      messageId: 7,
      text: 'hi',
      attachments: [],
      recipientExternalId: 'visitor:1',
      idempotencyKey: 'frontline-7',
    };
    await expect(fake.adapter.send(account, message)).rejects.toBe(down);
    await expect(fake.adapter.send(account, message)).resolves.toEqual({ externalId: 'scripted' });
    await expect(fake.adapter.send(account, message)).resolves.toEqual({ externalId: 'webchat:7' });
    expect(fake.attempts).toHaveLength(3);
    expect(fake.delivered).toHaveLength(2);
  });
});
