import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { defaultAssets } from '../../apps/server/src/http/create-app.ts';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server.ts';

const root = resolve(import.meta.dirname, '../..');

/** A SQLite test server that serves the built workspace and widget on a free local port, and its base URL. */
export async function startServedApp(): Promise<{ server: TestServer; base: string }> {
  const server = await startTestServer('sqlite', { app: { assets: defaultAssets(root) } });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, base: `http://127.0.0.1:${address.port}` };
}

/** Opens the workspace at `base` and signs in with the login form. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
