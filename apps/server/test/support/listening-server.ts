import type { DialectName } from '../../src/store/dialect-name.ts';
import { freePort } from './helpers.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** What `startTestServer` takes (clock, workers, env…); `env` is merged over `PUBLIC_URL`. */
type TestServerOptions = NonNullable<Parameters<typeof startTestServer>[1]>;

/** A test server listening on a free local port, and the public URL providers push their webhooks to. */
export interface ListeningServer {
  server: TestServer;
  /** `http://127.0.0.1:<port>`, also the server's `PUBLIC_URL`. */
  base: string;
}

/**
 * Starts the whole server (workers included) on a free port of 127.0.0.1 with `PUBLIC_URL` set to it, as the
 * messenger channels need: connecting one registers `${base}/webhooks/<kind>/<id>` with the provider.
 */
export async function startListeningServer(
  dialect: DialectName,
  options: TestServerOptions = {},
): Promise<ListeningServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startTestServer(dialect, { ...options, env: { PUBLIC_URL: base, ...options.env } });
  await server.app.listen({ port, host: '127.0.0.1' });
  return { server, base };
}
