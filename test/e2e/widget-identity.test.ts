import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIdentity } from '../../apps/server/test/support/sign-identity.ts';
import type { TestServer } from '../../apps/server/test/support/test-server.ts';
import type { FrontlineWidgetApi } from '../../apps/widget/src/widget-controller.ts';
import { startBrowserSuite } from './support/suite.ts';

declare global {
  interface Window {
    FrontlineWidget?: FrontlineWidgetApi;
  }
}

/** The host page hands the widget a token its backend signed; the widget passes it through unchanged. */
describe('widget identity (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;

  startBrowserSuite({}, (suite) => {
    ({ server, base, browser } = suite);
  });

  it('identify(() => fetchToken()) signs the customer in: verified, with the signed phone attested', async () => {
    const token = await signIdentity({ sub: 'site-user-42', phone: '+79261112233', name: 'Анна' });
    const context = await browser.newContext({ locale: 'ru-RU' });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/demo/`);
      await page.waitForFunction(() => window.FrontlineWidget !== undefined);
      // As a host page does: a function that asks its backend for a fresh token when the chat starts.
      await page.evaluate((t) => window.FrontlineWidget?.identify(() => Promise.resolve(t)), token);
      await page.getByTestId('fl-launcher').click();
      await page.getByTestId('fl-input').fill('Вопрос от Анны');
      await page.getByTestId('fl-send').click();
      await expect
        .poll(() => page.getByTestId('fl-message-in').first().textContent())
        .toContain('Вопрос от Анны');
      const identity = await server.store.db
        .selectFrom('identities')
        .select(['customer_id', 'verified_by', 'display_name'])
        .where('external_id', '=', 'user:site-user-42')
        .executeTakeFirstOrThrow();
      expect(identity).toMatchObject({ verified_by: 'jwt', display_name: 'Анна' });
      const phone = await server.store.db
        .selectFrom('contact_points')
        .select('attested_by')
        .where('customer_id', '=', identity.customer_id)
        .where('value', '=', '+79261112233')
        .executeTakeFirstOrThrow();
      expect(phone.attested_by).toBe('jwt');
    } finally {
      await context.close();
    }
  });
});
