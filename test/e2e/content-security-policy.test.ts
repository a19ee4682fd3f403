import { resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAssets } from '../../apps/server/src/http/create-app.ts';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server.ts';
import { launchChromium } from './browser.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * The built workspace and the widget demo work under their Content-Security-Policy: nothing is blocked
 * (no `securitypolicyviolation`), the realtime socket connects, the widget opens and sends.
 */
describe('the built front-ends under their CSP in Chromium', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { app: { assets: defaultAssets(root) } });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    await server.services.operators.create(
      {
        email: 'csp@example.com',
        name: 'CSP',
        password: 'operator-pass-1',
        role: 'operator',
        capacity: 5,
        queueIds: [1],
      },
      null,
    );
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US' });
    await context.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const violations = (page: import('playwright-core').Page) =>
    page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  it('the workspace logs in and goes online with nothing blocked', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${base}/app/`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByTestId('login-email').fill('csp@example.com');
    await page.getByTestId('login-password').fill('operator-pass-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('presence-select').selectOption('online');
    await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state')).toBe('online');
    expect(await violations(page)).toEqual([]);
  });

  it('the demo page runs its embed snippet and the widget with nothing blocked', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${base}/demo/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'sha256-");
    await page.getByTestId('fl-launcher').click();
    await page.getByTestId('fl-input').fill('Hello under CSP');
    await page.getByTestId('fl-send').click();
    await expect
      .poll(() => page.getByTestId('fl-message-in').first().textContent())
      .toContain('Hello under CSP');
    expect(await violations(page)).toEqual([]);
  });
});
