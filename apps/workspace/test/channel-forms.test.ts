import { describe, expect, it } from 'vitest';
import { buildChannelRequest } from '../src/build-channel-request.ts';
import { channelForms, connectableKinds, type ConnectableKind } from '../src/channel-forms.ts';
import { generateWebhookSecret, webhookSecretAlphabet } from '../src/generate-webhook-secret.ts';
import { isMessageKey } from '../src/i18n.ts';

/** The secrets each provider cannot work without; a new kind must be listed here (compile-time). */
const requiredSecrets = {
  telegram: ['botToken'],
  whatsapp: ['accessToken', 'appSecret'],
  viber: ['authToken'],
} satisfies Record<ConnectableKind, string[]>;

describe('channelForms', () => {
  it.each(connectableKinds)('%s asks for every required secret, as a required field', (kind) => {
    const spec = channelForms[kind];
    for (const name of requiredSecrets[kind]) {
      const field = spec.secrets.find((f) => f.name === name);
      expect(field, name).toBeDefined();
      expect(field?.required, name).toBe(true);
    }
  });

  it.each(connectableKinds)('%s has unique field names and translated labels', (kind) => {
    const spec = channelForms[kind];
    const names = [...spec.config, ...spec.secrets].map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of [...spec.config, ...spec.secrets]) {
      expect(isMessageKey(f.labelKey)).toBe(true);
      if (f.hintKey) expect(isMessageKey(f.hintKey)).toBe(true);
    }
    expect(isMessageKey(spec.labelKey)).toBe(true);
  });

  it('telegram: apiRoot is optional and advanced; webhookSecret is optional and generated', () => {
    const { config, secrets } = channelForms.telegram;
    expect(config).toContainEqual(
      expect.objectContaining({
        name: 'apiRoot',
        required: false,
        advanced: true,
        placeholder: 'https://api.telegram.org',
      }),
    );
    const webhookSecret = secrets.find((f) => f.name === 'webhookSecret');
    expect(webhookSecret?.required).toBe(false);
    expect(webhookSecret?.generate?.()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('generateWebhookSecret', () => {
  it('yields 32 characters of [A-Za-z0-9_-], different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const secret = generateWebhookSecret();
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      seen.add(secret);
    }
    expect(seen.size).toBe(200);
  });

  it('maps every byte value into the 64-symbol alphabet without bias', () => {
    expect(webhookSecretAlphabet).toHaveLength(64);
    expect(new Set(webhookSecretAlphabet).size).toBe(64);
    const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const secret = generateWebhookSecret(256, () => allBytes);
    const counts = new Map<string, number>();
    for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(64);
    expect([...counts.values()].every((n) => n === 4)).toBe(true);
  });
});

describe('buildChannelRequest', () => {
  const base = {
    kind: 'telegram' as const,
    name: ' Support bot ',
    entryPointId: '2',
    config: {},
    secrets: {},
  };

  it('builds the body, trims values, omits empty optional config and generates the webhook secret', () => {
    const built = buildChannelRequest(
      { ...base, secrets: { botToken: ' 123:ABC-_x ' } },
      channelForms.telegram,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.request).toMatchObject({
      kind: 'telegram',
      name: 'Support bot',
      entryPointId: 2,
      config: {},
      secrets: { botToken: '123:ABC-_x' },
    });
    expect(built.request.secrets.webhookSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('keeps a webhook secret the admin typed and sends apiRoot when given', () => {
    const built = buildChannelRequest(
      {
        ...base,
        entryPointId: '',
        config: { apiRoot: 'http://127.0.0.1:8081' },
        secrets: { botToken: '1:a', webhookSecret: 'mine_123' },
      },
      channelForms.telegram,
    );
    expect(built).toEqual({
      ok: true,
      request: {
        kind: 'telegram',
        name: 'Support bot',
        entryPointId: null,
        config: { apiRoot: 'http://127.0.0.1:8081' },
        secrets: { botToken: '1:a', webhookSecret: 'mine_123' },
      },
    });
  });

  it('reports missing and malformed fields without their values', () => {
    const built = buildChannelRequest(
      { ...base, name: '  ', config: { apiRoot: 'not a url' }, secrets: { webhookSecret: 'bad secret!' } },
      channelForms.telegram,
    );
    expect(built).toEqual({
      ok: false,
      fields: {
        name: 'required',
        'config.apiRoot': 'invalid',
        'secrets.botToken': 'required',
        'secrets.webhookSecret': 'invalid',
      },
    });
  });
});
