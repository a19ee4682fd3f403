import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caseOfMessage } from '../../apps/server/test/support/cases.ts';
import { customerSends, startVisitor, type TestServer } from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

const olgaLogin = { email: 'olga@example.com', password: 'operator-pass-1' };

/** The operator finds a case from the top bar's search box by a word form and opens it with the keyboard. */
describe('the search box in the workspace (Chromium)', () => {
  let server: TestServer;
  let base: string;
  let page: Page;
  const cases: number[] = [];

  startBrowserSuite(
    { operators: [{ ...olgaLogin, name: 'Ольга', role: 'operator', capacity: 5, queueIds: [1] }] },
    async (suite) => {
      ({ server, base } = suite);
      for (const text of [
        'Я оплатил заказ, а он не пришёл',
        'Где мой заказ?',
        'Можно оплатить картой при получении?',
      ]) {
        const { messageId } = await customerSends(server, await startVisitor(server, 'general'), text);
        cases.push(await caseOfMessage(server, messageId));
      }
      await server.services.searchIndexer.catchUp();
      page = await (await suite.browser.newContext({ locale: 'ru-RU' })).newPage();
    },
  );

  it('shows the messages with every form of the word marked; ↓ and Enter open the case', async () => {
    await logInToWorkspace(page, base, olgaLogin);
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
