import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOfMessage } from '../../apps/server/test/support/cases.ts';
import {
  customerSends,
  eventually,
  startVisitor,
  type TestServer,
} from '../../apps/server/test/support/test-server.ts';
import { launchChromium } from './browser.ts';
import { signIn, startServedApp } from './served-app.ts';

/** An operator types `/` in the composer, picks a canned reply with the keyboard and gets it filled in. */
describe('canned replies in the composer (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let sharedId: number;

  beforeAll(async () => {
    ({ server, base } = await startServedApp());
    const olga = await server.services.operators.create(
      {
        email: 'olga@example.com',
        name: 'Ольга Смирнова',
        password: 'operator-pass-1',
        role: 'operator',
        capacity: 5,
        queueIds: [1],
      },
      null,
    );
    const replies = server.services.cannedReplies;
    const supervisor = { id: olga.id, role: 'supervisor' as const, queueIds: [] };
    // Used more often, so listed first: the test picks the second one with ↓.
    const greeting = await replies.create(supervisor, {
      scope: 'shared',
      title: 'Приветствие',
      shortcut: 'roaming-hello',
      body: 'Здравствуйте!',
      language: 'ru',
    });
    await replies.use(supervisor, greeting.id);
    const shared = await replies.create(supervisor, {
      scope: 'shared',
      queueId: 1,
      title: 'Роуминг',
      shortcut: 'roaming',
      body: '{{customer.firstName}}, роуминг включается в приложении. {{operator.firstName}}, обращение №{{case.id}}. {{order.id}}',
      language: 'ru',
    });
    sharedId = shared.id;
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('inserts the chosen reply with its variables filled, counts the use, and sends nothing by itself', async () => {
    const visitor = await startVisitor(server, 'general', { name: 'Иван Петров' });
    const caseId = await caseOfMessage(
      server,
      (await customerSends(server, visitor, 'Как включить роуминг?')).messageId,
    );

    await signIn(page, base, 'olga@example.com', 'operator-pass-1');
    await page.getByTestId('inbox-tab-queue').click();
    await page.getByTestId(`inbox-item-${caseId}`).click();

    const input = page.getByTestId('composer-input');
    await input.pressSequentially('Добрый день! /roa');
    await expect.poll(() => page.getByTestId('canned-picker').locator('[role="option"]').count()).toBe(2);
    await input.press('ArrowDown');
    await input.press('Enter');
    await expect
      .poll(() => input.inputValue())
      .toBe(`Добрый день! Иван, роуминг включается в приложении. Ольга, обращение №${caseId}. {{order.id}}`);
    expect(await page.getByTestId('canned-picker').count()).toBe(0);
    await eventually(async () => {
      const row = await server.store.db
        .selectFrom('canned_replies')
        .select('use_count')
        .where('id', '=', sharedId)
        .executeTakeFirstOrThrow();
      expect(row.use_count).toBe(1);
    });

    // Esc closes the list for this word; nothing was sent meanwhile.
    await input.pressSequentially(' /zzz');
    await expect.poll(() => page.getByTestId('canned-picker').textContent()).toContain('/zzz');
    await input.press('Escape');
    expect(await page.getByTestId('canned-picker').count()).toBe(0);
    const sent = await server.store.db
      .selectFrom('messages')
      .select('id')
      .where('direction', '=', 'out')
      .execute();
    expect(sent).toEqual([]);
  });
});
