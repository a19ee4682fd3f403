import { resolve } from 'node:path';
import type { CreateOperatorRequest, Operator } from '@frontline/shared';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { defaultAssets } from '../../../apps/server/src/http/create-app.ts';
import { freePort } from '../../../apps/server/test/support/helpers.ts';
import { startTestServer, type TestServer } from '../../../apps/server/test/support/test-server.ts';
import type { DialectName } from '../../../apps/server/src/store/dialect-name.ts';
import { launchChromium } from '../browser.ts';

/** The repository root: where the built workspace and widget are served from. */
const root = resolve(import.meta.dirname, '../../..');

/** What a browser suite runs against: the whole server on its own port, and one Chromium. */
export interface BrowserSuite {
  server: TestServer;
  /** `http://127.0.0.1:<port>`, where the workspace (`/app/`) and the widget demo (`/demo/`) are. */
  base: string;
  browser: Browser;
  /** The `operators` of the options, as created (same order). */
  operators: Operator[];
}

export interface BrowserSuiteOptions {
  /** Default `sqlite`. */
  dialect?: DialectName;
  /** Created through the service before the browser starts (log in with `logInToWorkspace`). */
  operators?: CreateOperatorRequest[];
  /**
   * Environment for the server's config, or a function making it just before the server starts (e.g. with a
   * free port for its SMTP receiver). `PUBLIC_URL` is set to `base` when `publicUrl` is on (the port is
   * picked before the server starts, so webhooks and mail can name it).
   */
  env?: Record<string, string> | (() => Promise<Record<string, string>>);
  publicUrl?: boolean;
  /** Options for `startTestServer` besides the dialect, env and the served front-ends. */
  server?: Omit<NonNullable<Parameters<typeof startTestServer>[1]>, 'env' | 'app'>;
}

/**
 * Registers hooks in the enclosing `describe`: the server (serving the built front-ends) listening on
 * 127.0.0.1, the operators created and Chromium launched before its first test; both closed after its last.
 * `use` receives them (it may set more up; the suite's own `beforeAll` hooks run after it).
 */
export function startBrowserSuite(
  options: BrowserSuiteOptions,
  use: (suite: BrowserSuite) => void | Promise<void>,
): void {
  let suite: BrowserSuite | undefined;
  beforeAll(async () => {
    suite = await openBrowserSuite(options);
    await use(suite);
  });
  afterAll(async () => {
    await suite?.browser.close();
    await suite?.server.close();
  });
}

/** The server and Chromium of a browser suite, outside a test file (the screenshot script); close both. */
export async function openBrowserSuite(options: BrowserSuiteOptions): Promise<BrowserSuite> {
  const port = options.publicUrl ? await freePort() : 0;
  const env = {
    ...(typeof options.env === 'function' ? await options.env() : options.env),
    ...(options.publicUrl ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
  };
  const server = await startTestServer(options.dialect ?? 'sqlite', {
    ...options.server,
    env,
    app: { assets: defaultAssets(root) },
  });
  await server.app.listen({ port, host: '127.0.0.1' });
  const address = server.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const operators: Operator[] = [];
  for (const operator of options.operators ?? [])
    operators.push(await server.services.operators.create(operator, null));
  const browser = await launchChromium();
  return { server, base: `http://127.0.0.1:${address.port}`, browser, operators };
}

/** Opens the workspace at `base` and logs in as `who`; returns the answer to the page load. */
export async function logInToWorkspace(
  page: Page,
  base: string,
  who: { email: string; password: string },
): Promise<Response | null> {
  const response = await page.goto(`${base}/app/`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  return response;
}
