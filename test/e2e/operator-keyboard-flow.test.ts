import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caseOfMessage } from '../../apps/server/test/support/cases.ts';
import {
  customerSends,
  eventually,
  startVisitor,
  type TestServer,
} from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

const olgaLogin = { email: 'olga@example.com', password: 'operator-pass-1' };
const ivanLogin = { email: 'ivan@example.com', password: 'operator-pass-2' };

/**
 * The operator screen on a 1440×900 display: the queue tab in queue order with compact rows, and a shift
 * worked from the keyboard — j/k between cases, r to the reply box, Ctrl+Enter sends, Alt+Shift+R resolves
 * and opens the next case, `?` lists the shortcuts.
 */
describe('the operator keyboard flow (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let base: string;
  let browser: Browser;
  let ivanId: number;
  const caseIds: number[] = [];
  const visitors: string[] = [];

  startBrowserSuite(
    {
      operators: [
        { ...olgaLogin, name: 'Ольга Смирнова', role: 'operator', capacity: 5, queueIds: [1] },
        { ...ivanLogin, name: 'Иван Петров', role: 'operator', capacity: 5, queueIds: [1] },
      ],
    },
    async (suite) => {
      ({ server, base, browser } = suite);
      ivanId = suite.operators[1]?.id ?? 0;
      for (let i = 1; i <= 20; i++) {
        const visitor = await startVisitor(server, 'general', { name: `Клиент ${i}` });
        visitors.push(visitor);
        const sent = await customerSends(server, visitor, `Вопрос номер ${i}`);
        caseIds.push(await caseOfMessage(server, sent.messageId));
      }
      const context = await suite.browser.newContext({
        locale: 'ru-RU',
        viewport: { width: 1440, height: 900 },
      });
      page = await context.newPage();
    },
  );

  const hash = () => page.evaluate(() => window.location.hash);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  it('lists the queue oldest first with "N of M", and at least 14 rows fit on the screen', async () => {
    await logInToWorkspace(page, base, olgaLogin);
    await page.getByTestId('inbox-tab-queue').click();
    await expect.poll(() => page.getByTestId('inbox').locator('li button').count()).toBe(20);
    expect(await page.getByTestId('inbox-count').textContent()).toBe('20 из 20');
    const shown = await page
      .getByTestId('inbox')
      .locator('li button')
      .evaluateAll((rows) =>
        rows.map((r) => Number(r.getAttribute('data-testid')?.replace('inbox-item-', ''))),
      );
    expect(shown).toEqual(caseIds);
    expect(await page.getByTestId(`inbox-wait-${caseIds[0]}`).textContent()).toMatch(/^Ждёт \d+:\d\d$/);
    const fitting = await page
      .getByTestId('inbox')
      .locator('li button')
      .evaluateAll(
        (rows) => rows.filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length,
      );
    expect(fitting).toBeGreaterThanOrEqual(14);
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'operator-screen-1440x900.png') });
  });

  it('j/k move between cases, the reply box has the focus on open, r focuses it, Ctrl+Enter sends', async () => {
    const [first, second] = caseIds;
    await page.locator('body').click({ position: { x: 700, y: 450 } });
    await page.keyboard.press('j');
    await expect.poll(hash).toBe(`#case-${first}`);
    await expect.poll(focused).toBe('composer-input');
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expect.poll(hash).toBe(`#case-${second}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('k');
    await expect.poll(hash).toBe(`#case-${first}`);
    await expect.poll(() => page.getByTestId('case-view').textContent()).toContain(`№${first}`);

    await page.keyboard.press('Escape');
    expect(await focused()).not.toBe('composer-input');
    await page.keyboard.press('r');
    await expect.poll(focused).toBe('composer-input');
    // The shortcut key is not typed into the box it focused.
    expect(await page.getByTestId('composer-input').inputValue()).toBe('');
    // In the box, letters are text, not shortcuts.
    await page.keyboard.type('Здравствуйте, jk');
    expect(await hash()).toBe(`#case-${first}`);
    await page.keyboard.press('Control+Enter');
    await eventually(async () => {
      const out = await server.store.db
        .selectFrom('messages')
        .select(['case_id', 'text'])
        .where('direction', '=', 'out')
        .execute();
      expect(out).toEqual([{ case_id: first, text: 'Здравствуйте, jk' }]);
    });
    await expect.poll(() => page.getByTestId('composer-input').inputValue()).toBe('');
  });

  it('Alt+Shift+R resolves the case and opens the next one; ? shows the shortcut list', async () => {
    const [first, second] = caseIds;
    await page.keyboard.press('Alt+Shift+KeyR');
    await eventually(async () => {
      const row = await server.store.db
        .selectFrom('cases')
        .select('status')
        .where('id', '=', first ?? 0)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('resolved');
    });
    await expect.poll(hash).toBe(`#case-${second}`);
    // The next case takes the focus into its reply box once it has loaded; Escape then leaves the box.
    await expect.poll(focused).toBe('composer-input');

    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('shortcut-help').count()).toBe(1);
    const help = await page.getByTestId('shortcut-help').textContent();
    expect(help).toContain('Горячие клавиши');
    expect(help).toContain('Решить и открыть следующее');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcut-help').count()).toBe(0);
  });

  it('a colleague who opens the same case shows as viewing, then as typing', async () => {
    const second = caseIds[1];
    const other = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
    await logInToWorkspace(other, base, ivanLogin);
    await other.getByTestId('inbox-tab-queue').click();
    await other.getByTestId(`inbox-item-${second}`).click();
    const badge = page.getByTestId(`case-viewer-${ivanId}`);
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(1);
    expect(await badge.textContent()).toBe('Иван Петров просматривает');
    await expect
      .poll(() => other.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('composer-input');
    await other.keyboard.type('Минуту');
    await expect.poll(() => badge.textContent()).toBe('Иван Петров печатает');
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'operator-case-1440x900.png') });
    await other.close();
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);
  });

  it("a customer's reply in my case, while I work on another, shows in the tab title", async () => {
    const [, second, third] = caseIds;
    // Replying takes the waiting case: it becomes mine.
    await page.keyboard.press('r');
    await page.keyboard.type('Сейчас проверю');
    await page.keyboard.press('Control+Enter');
    await eventually(async () => {
      const row = await server.store.db
        .selectFrom('cases')
        .select('assignee_id')
        .where('id', '=', second ?? 0)
        .executeTakeFirstOrThrow();
      expect(row.assignee_id).not.toBeNull();
    });
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expect.poll(hash).toBe(`#case-${third}`);
    expect(await page.title()).toBe('Frontline');
    await customerSends(server, visitors[1] ?? '', 'Спасибо, жду');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(1) Frontline');
    // Opening it (it has left the queue tab: it is mine now) reads it: the count goes.
    await page.getByTestId('inbox-tab-mine').click();
    await page.getByTestId(`inbox-item-${second}`).click();
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Frontline');
  });

  it('Esc pressed while the next case is still loading keeps the focus out of its reply box', async () => {
    const [, , third, fourth, fifth] = caseIds;
    await page.getByTestId('inbox-tab-queue').click();
    await page.getByTestId(`inbox-item-${third}`).click();
    await expect.poll(() => page.getByTestId('case-view').textContent()).toContain(`№${third}`);
    const slow = `**/api/v1/cases/${fourth}`;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(slow, async (route) => {
      await held;
      await route.continue();
    });
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expect.poll(hash).toBe(`#case-${fourth}`);
    // The operator leaves the (not yet shown) reply box at once, then the case arrives.
    await page.keyboard.press('Escape');
    release();
    await expect.poll(() => page.getByTestId('case-view').textContent()).toContain(`№${fourth}`);
    await expect.poll(() => page.getByTestId('composer-input').count()).toBe(1);
    expect(await focused()).not.toBe('composer-input');
    // So the next key is a shortcut, not a letter typed into the reply.
    await page.keyboard.press('j');
    await expect.poll(hash).toBe(`#case-${fifth}`);
    expect(await page.getByTestId('composer-input').inputValue()).toBe('');
    await page.unroute(slow);
    // An open without Esc focuses the reply box again.
    await expect.poll(focused).toBe('composer-input');
  });
});
