import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAccountContext, MediaRef } from '../src/channels/channel-adapter.ts';
import { fetchProviderMedia } from '../src/channels/fetch-provider-media.ts';
import { telegramAdapter } from '../src/channels/telegram/telegram-adapter.ts';
import { viberAdapter } from '../src/channels/viber/viber-adapter.ts';
import { whatsappAdapter } from '../src/channels/whatsapp/whatsapp-adapter.ts';
import { ChannelError } from '../src/lib/errors.ts';

const servers: Server[] = [];

/** A local HTTP server; returns its origin and the requests it saw. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, seen };
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChannelError) return error;
    throw error;
  }
  throw new Error('expected a ChannelError');
}

/** An internal service that must never be reached through a provider's file URL. */
const internalService = () => serve((_req, res) => res.end('internal secret'));

const redirectTo =
  (location: string) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(302, { location }).end();
  };

describe('fetchProviderMedia: SSRF guard, redirects, size cap', () => {
  it('a trusted provider host that redirects to another loopback port is refused; the target is never hit', async () => {
    const internal = await internalService();
    const provider = await serve(redirectTo(`${internal.origin}/admin`));
    const error = await failure(
      fetchProviderMedia(`${provider.origin}/file.ogg`, { trustedOrigins: [provider.origin] }),
    );
    expect(error).toMatchObject({ code: 'MEDIA_TARGET_BLOCKED', retryable: false });
    expect(internal.seen).toHaveLength(0);
  });

  it('names resolving to loopback, IPv6 loopback, link-local metadata and private ranges are refused', async () => {
    const internal = await internalService();
    for (const url of [
      `http://localhost:${internal.port}/x`,
      `http://[::1]:${internal.port}/x`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/x',
      'http://192.168.1.1/x',
      `http://[::ffff:127.0.0.1]:${internal.port}/x`,
      'http://[fd00::1]/x',
      // IPv4 addresses inside IPv6: NAT64 (well-known and local-use prefixes) and the old IPv4-compatible form.
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/',
      'http://[64:ff9b:1::7f00:1]/x',
      'http://[::7f00:1]/x',
    ]) {
      expect(await failure(fetchProviderMedia(url)), url).toMatchObject({ code: 'MEDIA_TARGET_BLOCKED' });
    }
    expect(internal.seen).toHaveLength(0);
  });

  it('follows up to 3 redirects, refuses the 4th; the Authorization header stays on its own origin', async () => {
    const final = await serve((_req, res) => res.end('OggS…'));
    const hop = await serve((req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
      res.writeHead(302, { location: n > 1 ? `/?n=${n - 1}` : `${final.origin}/f` }).end();
    });
    const trustedOrigins = [hop.origin, final.origin];
    const ok = await fetchProviderMedia(`${hop.origin}/?n=3`, {
      trustedOrigins,
      headers: { authorization: 'Bearer secret-token' },
    });
    expect(ok.bytes.toString()).toBe('OggS…');
    expect(hop.seen.every((r) => r.headers.authorization === 'Bearer secret-token')).toBe(true);
    expect(final.seen[0]?.headers.authorization).toBeUndefined();
    const tooMany = await failure(fetchProviderMedia(`${hop.origin}/?n=4`, { trustedOrigins }));
    expect(tooMany).toMatchObject({ code: 'MEDIA_TOO_MANY_REDIRECTS', retryable: false });
  });

  it('an oversized streamed body (no Content-Length) is abandoned past the cap; a declared one is refused at once', async () => {
    let written = 0;
    const streaming = await serve((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (written < 8 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    const error = await failure(
      fetchProviderMedia(`${streaming.origin}/big`, {
        trustedOrigins: [streaming.origin],
        maxBytes: 1024 * 1024,
      }),
    );
    expect(error).toMatchObject({ code: 'MEDIA_TOO_LARGE', retryable: false });
    expect(error.message).toMatch(/over 1 MB/);
    expect(written).toBeLessThan(8 * 1024 * 1024);
    const declared = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(200 * 1024 * 1024) });
      res.write('x');
    });
    expect(
      await failure(fetchProviderMedia(`${declared.origin}/huge`, { trustedOrigins: [declared.origin] })),
    ).toMatchObject({ code: 'MEDIA_TOO_LARGE' });
  });
});

/** Every channel's media download goes through the guard (the provider stand-ins run on loopback). */
describe('provider media downloads are guarded in every channel', () => {
  const ref = (providerRef: string): MediaRef => ({
    providerRef,
    filename: 'f.ogg',
    contentType: null,
    size: null,
  });
  function account<C, S>(config: C, secrets: S): ChannelAccountContext<C, S> {
    return {
      id: 1,
      name: 'test',
      config,
      secrets,
      webhookUrl: 'http://127.0.0.1:9/webhooks/x/1',
      tokenKey: Buffer.alloc(32, 1),
    };
  }

  it('WhatsApp: a media URL in the lookup answer that points to loopback is refused, not fetched', async () => {
    const internal = await internalService();
    const graph = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: `${internal.origin}/lookaside`, mime_type: 'audio/ogg', id: '123' }));
    });
    const error = await failure(
      whatsappAdapter.fetchMedia!(
        account(
          { graphRoot: graph.origin, apiVersion: 'v21.0', phoneNumberId: '106540352242922', templates: [] },
          {
            accessToken: 'EAAGguardTestToken0123456789',
            appSecret: 'app_secret_guard',
            verifyToken: 'verify-guard',
          },
        ),
        ref('123'),
      ),
    );
    expect(error).toMatchObject({ code: 'MEDIA_TARGET_BLOCKED', retryable: false });
    expect(internal.seen).toHaveLength(0);
  });

  it('Telegram: a file download redirected to loopback is refused', async () => {
    const internal = await internalService();
    const botApi = await serve((req, res) => {
      if (req.url?.includes('/getFile')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, result: { file_id: 'F1', file_path: 'voice/file_1.oga' } }));
        return;
      }
      res.writeHead(302, { location: `${internal.origin}/steal` }).end();
    });
    const error = await failure(
      telegramAdapter.fetchMedia!(
        account(
          { apiRoot: botApi.origin },
          { botToken: '7100000009:AAHguard_token', webhookSecret: 'whsec-guard' },
        ),
        ref('F1'),
      ),
    );
    expect(error).toMatchObject({ code: 'MEDIA_TARGET_BLOCKED' });
    expect(internal.seen).toHaveLength(0);
  });

  it('Viber: a callback media URL on loopback (not the configured API root) is refused', async () => {
    const internal = await internalService();
    const error = await failure(
      viberAdapter.fetchMedia!(
        account(
          { apiRoot: 'https://chatapi.viber.com/pa/', senderName: 'S' },
          { authToken: '4a5da6az1s345z78-dazcczb2542zv51a-e0vc5fguard1' },
        ),
        ref(`${internal.origin}/media/1/f.ogg`),
      ),
    );
    expect(error).toMatchObject({ code: 'MEDIA_TARGET_BLOCKED' });
    expect(internal.seen).toHaveLength(0);
  });
});
