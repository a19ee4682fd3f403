import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, type TestServer } from '../../apps/server/test/support/test-server.ts';
import { startBrowserSuite } from './support/suite.ts';

/**
 * Two visitors write while nobody is online: the widget shows each their place in the queue (in their
 * language); when an operator takes the first, the first's line goes and the second moves up, with an estimate.
 */
describe('queue position in the widget (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;

  startBrowserSuite({}, (suite) => {
    ({ server, base, browser } = suite);
  });

  async function visitor(
    locale: 'ru' | 'en',
    text: string,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: locale === 'ru' ? 'ru-RU' : 'en-US' });
    const page = await context.newPage();
    await page.goto(`${base}/demo/?lang=${locale}`);
    await page.getByTestId('fl-launcher').click();
    await page.getByTestId('fl-input').fill(text);
    await page.getByTestId('fl-send').click();
    await expect.poll(() => page.getByTestId('fl-message-in').first().textContent()).toContain(text);
    return { context, page };
  }
  const line = (page: Page) => page.getByTestId('fl-queue-position');

  it('shows «Вы 1-й в очереди» / "You are number 2 in the queue", then moves the second up when the first is taken', async () => {
    const anna = await visitor('ru', 'Не работает интернет');
    const john = await visitor('en', 'My modem does not connect');
    try {
      await expect.poll(() => line(anna.page).textContent(), { timeout: 10_000 }).toBe('Вы 1-й в очереди');
      await expect
        .poll(() => line(john.page).textContent(), { timeout: 10_000 })
        .toBe('You are number 2 in the queue');

      // An operator with room for one comes online and takes Anna's conversation.
      await loginAs(server, { email: 'queue-op@example.com', queueIds: [1], capacity: 1, online: true });
      await expect.poll(() => line(anna.page).count(), { timeout: 10_000 }).toBe(0);
      await expect
        .poll(() => line(john.page).textContent(), { timeout: 15_000 })
        .toMatch(/^You are number 1 in the queue, about \d+ min wait$/);
    } finally {
      await anna.context.close();
      await john.context.close();
    }
  });
});
