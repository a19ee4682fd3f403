import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAssets } from '../../apps/server/src/http/create-app.ts';
import { caseOfMessage } from '../../apps/server/test/support/cases.ts';
import { freePort } from '../../apps/server/test/support/helpers.ts';
import {
  customerSends,
  startTestServer,
  startVisitor,
  type TestServer,
} from '../../apps/server/test/support/test-server.ts';
import { launchChromium } from './browser.ts';

const root = resolve(import.meta.dirname, '../..');

/** The operator finds a case from the top bar's search box by a word form and opens it with the keyboard. */
describe('the search box in the workspace (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;
  let page: Page;
  const cases: number[] = [];

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startTestServer('sqlite', { app: { assets: defaultAssets(root) } });
    await server.app.listen({ port, host: '127.0.0.1' });
    await server.services.operators.create(
      {
        email: 'olga@example.com',
        name: 'Ольга',
        password: 'operator-pass-1',
        role: 'operator',
        capacity: 5,
        queueIds: [1],
      },
      null,
    );
    for (const text of [
      'Я оплатил заказ, а он не пришёл',
      'Где мой заказ?',
      'Можно оплатить картой при получении?',
    ]) {
      const { messageId } = await customerSends(server, await startVisitor(server, 'general'), text);
      cases.push(await caseOfMessage(server, messageId));
    }
    await server.services.searchIndexer.catchUp();
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the messages with every form of the word marked; ↓ and Enter open the case', async () => {
    await page.goto(`${base}/app/`);
    await page.getByTestId('login-email').fill('olga@example.com');
    await page.getByTestId('login-password').fill('operator-pass-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('search-input').fill('оплатить');
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.locator('mark').allTextContents()).toEqual(['оплатил', 'оплатить']);
    expect(await results.textContent()).toContain('Сообщения');
    await page.screenshot({ path: join(tmpdir(), 'frontline-search-box.png') });
    await page.getByTestId('search-input').press('ArrowDown');
    await page.getByTestId('search-input').press('Enter');
    // The shorter message ranks first (the first customer's); ↓ moves to the third customer's.
    await expect.poll(() => page.getByTestId('case-view').textContent()).toContain(`№${cases[2]}`);
    await expect.poll(() => results.count()).toBe(0);
  });
});
