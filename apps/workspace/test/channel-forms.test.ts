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
  email: [],
  google_play: ['serviceAccountJson'],
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

const serviceAccountJson = JSON.stringify({
  type: 'service_account',
  client_email: 'reviews@example-project.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg…\n-----END PRIVATE KEY-----\n',
});

describe('buildChannelRequest: email', () => {
  const base = {
    kind: 'email' as const,
    name: 'Support mail',
    entryPointId: '',
    config: { address: ' support@example.com ', 'smtp.host': 'smtp.example.com' },
    secrets: {},
  };
  /** The request the email form builds with `config` over the base fields, and `secrets`. */
  const buildEmail = (config: Record<string, string> = {}, secrets: Record<string, string> = {}) =>
    buildChannelRequest({ ...base, config: { ...base.config, ...config }, secrets }, channelForms.email);

  it('nests dotted fields, sends numbers and checkboxes typed, and sends no imap object without an IMAP host', () => {
    const built = buildEmail(
      // IMAP details filled but no IMAP host: all of them are dropped.
      {
        'smtp.port': '465',
        'smtp.secure': 'true',
        'smtp.user': 'support@example.com',
        'imap.port': '143',
        'imap.user': 'someone',
        'imap.mailbox': 'Support',
      },
      { smtpPassword: ' s3cret ', imapPassword: 'ignored' },
    );
    expect(built).toEqual({
      ok: true,
      request: {
        kind: 'email',
        name: 'Support mail',
        entryPointId: null,
        config: {
          address: 'support@example.com',
          smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'support@example.com' },
        },
        secrets: { smtpPassword: 's3cret' },
      },
    });
  });

  it('sends the SMTP checkbox unticked by default and leaves empty optional fields to the server defaults', () => {
    const built = buildEmail();
    expect(built).toEqual({
      ok: true,
      request: {
        kind: 'email',
        name: 'Support mail',
        entryPointId: null,
        config: { address: 'support@example.com', smtp: { host: 'smtp.example.com', secure: false } },
        secrets: {},
      },
    });
  });

  it('with an IMAP host, sends the imap object (TLS ticked by default) and its password', () => {
    const built = buildEmail(
      {
        displayName: 'Поддержка',
        domain: 'mail.example.com',
        'imap.host': 'imap.example.com',
        'imap.user': 'support@example.com',
        'imap.initialSyncDays': '0',
      },
      { imapPassword: 'imap-pass' },
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.request.config).toEqual({
      address: 'support@example.com',
      displayName: 'Поддержка',
      domain: 'mail.example.com',
      smtp: { host: 'smtp.example.com', secure: false },
      imap: { host: 'imap.example.com', secure: true, user: 'support@example.com', initialSyncDays: 0 },
    });
    expect(built.request.secrets).toEqual({ imapPassword: 'imap-pass' });
  });

  it('with an IMAP host, requires the IMAP login and password', () => {
    const built = buildEmail({ 'imap.host': 'imap.example.com', 'imap.user': '  ' });
    expect(built).toEqual({
      ok: false,
      fields: { 'config.imap.user': 'required', 'secrets.imapPassword': 'required' },
    });
  });

  it('refuses a missing address and SMTP host, and bad numbers, without their values', () => {
    const built = buildChannelRequest(
      {
        ...base,
        config: {
          address: 'not-an-address',
          'smtp.port': '70000',
          'imap.host': 'imap.example.com',
          'imap.user': 'u',
          'imap.port': '99a',
          'imap.initialSyncDays': '-1',
        },
        secrets: { imapPassword: 'p' },
      },
      channelForms.email,
    );
    expect(built).toEqual({
      ok: false,
      fields: {
        'config.address': 'invalid',
        'config.smtp.host': 'required',
        'config.smtp.port': 'invalid',
        'config.imap.port': 'invalid',
        'config.imap.initialSyncDays': 'invalid',
      },
    });
  });
});

describe('buildChannelRequest: google_play', () => {
  const base = {
    kind: 'google_play' as const,
    name: 'Reviews',
    entryPointId: '3',
    config: { packageName: 'com.example.app' },
    secrets: { serviceAccountJson: `\n${serviceAccountJson}\n` },
  };

  it('sends the package name and the whole key file; advanced fields typed when given', () => {
    const built = buildChannelRequest(
      {
        ...base,
        config: {
          ...base.config,
          pollIntervalSeconds: '60',
          translationLanguage: 'ru',
          apiRoot: 'http://127.0.0.1:9000/',
          tokenUrl: 'http://127.0.0.1:9000/token',
        },
      },
      channelForms.google_play,
    );
    expect(built).toEqual({
      ok: true,
      request: {
        kind: 'google_play',
        name: 'Reviews',
        entryPointId: 3,
        config: {
          packageName: 'com.example.app',
          pollIntervalSeconds: 60,
          translationLanguage: 'ru',
          apiRoot: 'http://127.0.0.1:9000/',
          tokenUrl: 'http://127.0.0.1:9000/token',
        },
        secrets: { serviceAccountJson },
      },
    });
  });

  it.each([
    ['not JSON', '{"client_email": "a@b.c", private_key: …'],
    ['JSON without private_key', JSON.stringify({ client_email: 'a@b.c' })],
    ['JSON without client_email', JSON.stringify({ private_key: '-----BEGIN PRIVATE KEY-----' })],
    ['a JSON array', '[]'],
    [
      'too long for the API',
      JSON.stringify({ client_email: 'a@b.c', private_key: `PRIVATE KEY${'x'.repeat(5000)}` }),
    ],
  ])('refuses a service account key that is %s', (_, json) => {
    const built = buildChannelRequest(
      { ...base, secrets: { serviceAccountJson: json } },
      channelForms.google_play,
    );
    expect(built).toEqual({ ok: false, fields: { 'secrets.serviceAccountJson': 'invalid' } });
  });

  it('requires the package name and the key, and checks the package name shape and the poll interval', () => {
    expect(buildChannelRequest({ ...base, config: {}, secrets: {} }, channelForms.google_play)).toEqual({
      ok: false,
      fields: { 'config.packageName': 'required', 'secrets.serviceAccountJson': 'required' },
    });
    expect(
      buildChannelRequest(
        { ...base, config: { packageName: 'example', pollIntervalSeconds: '0' } },
        channelForms.google_play,
      ),
    ).toEqual({
      ok: false,
      fields: { 'config.packageName': 'invalid', 'config.pollIntervalSeconds': 'invalid' },
    });
  });
});

describe('channelForms: email and google_play', () => {
  it('email: IMAP fields go with the IMAP host; domain and default subject are advanced', () => {
    const { config, secrets } = channelForms.email;
    const withImap = [...config, ...secrets].filter((f) => f.requiredWith === 'imap.host').map((f) => f.name);
    expect(withImap).toEqual([
      'imap.port',
      'imap.secure',
      'imap.user',
      'imap.mailbox',
      'imap.initialSyncDays',
      'imapPassword',
    ]);
    expect(config.filter((f) => f.advanced).map((f) => f.name)).toEqual(['domain', 'defaultSubject']);
    for (const f of [...config, ...secrets]) {
      if (f.requiredWith)
        expect(
          config.some((anchor) => anchor.name === f.requiredWith),
          f.name,
        ).toBe(true);
    }
  });

  it('google_play: the key is a multi-line secret; everything but the package name is advanced', () => {
    const { config, secrets } = channelForms.google_play;
    expect(secrets).toContainEqual(
      expect.objectContaining({ name: 'serviceAccountJson', required: true, multiline: true }),
    );
    expect(config.filter((f) => !f.advanced).map((f) => f.name)).toEqual(['packageName']);
  });
});
