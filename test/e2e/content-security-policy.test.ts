import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

const cspLogin = { email: 'csp@example.com', password: 'operator-pass-1' };

/**
 * The built workspace and the widget demo work under their Content-Security-Policy: nothing is blocked
 * (no `securitypolicyviolation`), the realtime socket connects, the widget opens and sends.
 */
describe('the built front-ends under their CSP in Chromium', () => {
  let base: string;
  let context: BrowserContext;

  startBrowserSuite(
    { operators: [{ ...cspLogin, name: 'CSP', role: 'operator', capacity: 5, queueIds: [1] }] },
    async (suite) => {
      base = suite.base;
      context = await suite.browser.newContext({ locale: 'en-US' });
      await context.addInitScript(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
    },
  );

  const violations = (page: import('playwright-core').Page) =>
    page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  it('the workspace logs in and goes online with nothing blocked', async () => {
    const page = await context.newPage();
    const response = await logInToWorkspace(page, base, cspLogin);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
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
