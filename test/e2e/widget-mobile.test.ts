import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../../apps/server/test/support/test-server.ts';
import { startBrowserSuite } from './support/suite.ts';

/**
 * What is on top across the widget's Send button: its centre and a 5×5 grid over its inner 60 % (clear of its rounded corners), so
 * a round launcher that misses the centre but covers a corner of the button still counts. Returns the points
 * where something else is on top.
 */
async function coveredPoints(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shadow = document.getElementById('frontline-widget')?.shadowRoot;
    const send = shadow?.querySelector('[data-testid="fl-send"]');
    if (!shadow || !send) return ['no send button'];
    const r = send.getBoundingClientRect();
    const points: [number, number][] = [[r.left + r.width / 2, r.top + r.height / 2]];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++)
        points.push([r.left + r.width * (0.2 + 0.15 * i), r.top + r.height * (0.2 + 0.15 * j)]);
    return points.flatMap(([x, y]) => {
      const hit = shadow.elementFromPoint(x, y);
      if (hit !== null && (hit === send || send.contains(hit))) return [];
      return [
        `(${Math.round(x)},${Math.round(y)}): ${hit ? `${hit.tagName.toLowerCase()}.${hit.getAttribute('class') ?? ''}` : 'nothing'}`,
      ];
    });
  });
}

/** The widget in the field: on a phone-sized viewport nothing of its own covers the composer; on plain-HTTP pages it sends. */
describe('widget layout on phones (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;

  startBrowserSuite({}, (suite) => {
    ({ server, base, browser } = suite);
  });

  for (const viewport of [
    { width: 390, height: 844, mobile: true },
    { width: 1280, height: 800, mobile: false },
  ]) {
    it(`at ${viewport.width}×${viewport.height} the Send button is not covered while the chat is open`, async () => {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        isMobile: viewport.mobile,
        hasTouch: viewport.mobile,
        deviceScaleFactor: viewport.mobile ? 3 : 1,
        locale: 'ru-RU',
      });
      try {
        const page = await context.newPage();
        await page.goto(`${base}/demo/`);
        await page.getByTestId('fl-launcher').click();
        await page.getByTestId('fl-input').fill('Привет');
        await expect.poll(() => page.getByTestId('fl-send').isEnabled()).toBe(true);
        expect(await coveredPoints(page)).toEqual([]);
        // The customer can still close the chat, and the launcher is back afterwards.
        await page.getByTestId('fl-panel').getByRole('button', { name: 'Закрыть' }).click();
        await expect.poll(() => page.getByTestId('fl-panel').count()).toBe(0);
        await expect.poll(() => page.getByTestId('fl-launcher').isVisible()).toBe(true);
      } finally {
        await context.close();
      }
    });
  }

  it('sends from a page without crypto.randomUUID (a plain-HTTP LAN page such as a modem web UI)', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    try {
      // What a page on http://192.168.8.1 has: no randomUUID outside secure contexts, getRandomValues still there.
      await context.addInitScript(() => {
        delete (Object.getPrototypeOf(window.crypto) as { randomUUID?: unknown }).randomUUID;
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/demo/`);
      expect(await page.evaluate(() => typeof window.crypto.randomUUID)).toBe('undefined');
      await page.getByTestId('fl-launcher').click();
      await page.getByTestId('fl-input').fill('Модем не видит сеть');
      await page.getByTestId('fl-send').click();
      await expect
        .poll(() => page.getByTestId('fl-message-in').first().textContent())
        .toContain('Модем не видит сеть');
      const stored = await server.store.db
        .selectFrom('messages')
        .select(['text', 'client_msg_id'])
        .where('text', '=', 'Модем не видит сеть')
        .executeTakeFirstOrThrow();
      expect(stored.client_msg_id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
