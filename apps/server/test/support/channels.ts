import type { ChannelAccountView } from '@frontline/shared';
import { authHeaders, connectChannel, type LoggedIn, type TestServer } from './test-server.ts';

/** What every connect factory takes besides its provider's settings. */
interface ChannelSpec {
  /** Default: `Support bot` (messengers) or `Support mail` (e-mail). */
  name?: string;
  /** Default: 2 for messengers, 1 for e-mail (the seeded entry points). */
  entryPointId?: number;
}

/** Connects a Telegram bot served by the fake at `apiRoot` over the API; returns the channel id. */
export function connectTelegram(
  server: TestServer,
  admin: LoggedIn,
  spec: ChannelSpec & { apiRoot: string; botToken: string; webhookSecret: string },
): Promise<number> {
  return connectChannel(server, admin, {
    kind: 'telegram',
    name: spec.name ?? 'Support bot',
    entryPointId: spec.entryPointId ?? 2,
    config: { apiRoot: spec.apiRoot },
    secrets: { botToken: spec.botToken, webhookSecret: spec.webhookSecret },
  });
}

/** Connects a Viber bot served by the fake at `apiRoot` over the API; returns the channel id. */
export function connectViber(
  server: TestServer,
  admin: LoggedIn,
  spec: ChannelSpec & { apiRoot: string; authToken: string; senderName?: string },
): Promise<number> {
  return connectChannel(server, admin, {
    kind: 'viber',
    name: spec.name ?? 'Support bot',
    entryPointId: spec.entryPointId ?? 2,
    config: { apiRoot: spec.apiRoot, senderName: spec.senderName ?? 'Support' },
    secrets: { authToken: spec.authToken },
  });
}

/**
 * Connects a WhatsApp number served by the fake Graph API at `graphRoot` over the API, then does what the
 * admin does in the Meta App dashboard: points the fake's callback URL at `${base}/webhooks/whatsapp/<id>`.
 * Returns the channel id.
 */
export async function connectWhatsApp(
  server: TestServer,
  admin: LoggedIn,
  spec: ChannelSpec & {
    fake: { url: string; state: { setWebhook: (url: string) => void } };
    base: string;
    phoneNumberId: string;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
    templates?: Array<{ name: string; language: string; body: string }>;
  },
): Promise<number> {
  const id = await connectChannel(server, admin, {
    kind: 'whatsapp',
    name: spec.name ?? 'Support bot',
    entryPointId: spec.entryPointId ?? 2,
    config: {
      graphRoot: spec.fake.url,
      apiVersion: 'v21.0',
      phoneNumberId: spec.phoneNumberId,
      templates: spec.templates ?? [],
    },
    secrets: { accessToken: spec.accessToken, appSecret: spec.appSecret, verifyToken: spec.verifyToken },
  });
  spec.fake.state.setWebhook(`${spec.base}/webhooks/whatsapp/${id}`);
  return id;
}

/**
 * Connects an e-mail address over the API whose replies go out through the SMTP server at
 * 127.0.0.1:`smtpPort` (a mail sink); returns the channel id.
 */
export function connectEmail(
  server: TestServer,
  admin: LoggedIn,
  spec: ChannelSpec & {
    address: string;
    smtpPort: number;
    displayName?: string;
    /** The text of the automatic first answer (`{case}` is the case number). */
    autoAcknowledgement?: string;
  },
): Promise<number> {
  return connectChannel(server, admin, {
    kind: 'email',
    name: spec.name ?? 'Support mail',
    entryPointId: spec.entryPointId ?? 1,
    config: {
      address: spec.address,
      ...(spec.displayName ? { displayName: spec.displayName } : {}),
      smtp: { host: '127.0.0.1', port: spec.smtpPort },
      ...(spec.autoAcknowledgement ? { autoAcknowledgement: spec.autoAcknowledgement } : {}),
    },
    secrets: {},
  });
}

/** `POST /api/v1/channels` answered as it is: for tests of refused connections. */
export function postChannel(server: TestServer, admin: LoggedIn, payload: Record<string, unknown>) {
  return server.app.inject({ method: 'POST', url: '/api/v1/channels', headers: authHeaders(admin), payload });
}

/**
 * The channel `id` as `GET /api/v1/channels` lists it to `admin`, and the whole answer's body (to check that
 * no secret is in it); fails the test unless the list answers 200 and holds the channel.
 */
export async function listedChannel(
  server: TestServer,
  admin: LoggedIn,
  id: number,
): Promise<{ view: ChannelAccountView; body: string }> {
  const res = await server.app.inject({
    method: 'GET',
    url: '/api/v1/channels',
    headers: authHeaders(admin),
  });
  if (res.statusCode !== 200) throw new Error(`listing channels failed: ${res.statusCode} ${res.body}`);
  const view = res.json<ChannelAccountView[]>().find((c) => c.id === id);
  if (!view) throw new Error(`channel ${id} not listed`);
  return { view, body: res.body };
}
