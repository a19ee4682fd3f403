import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginAs, type TestServer } from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

/** An admin opens the Replies, API tokens and Channels screens: each loads its list and changes it in place. */
describe('admin screens (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let replyId: number;

  startBrowserSuite({}, async (suite) => {
    server = suite.server;
    const admin = await loginAs(server, { email: 'anna@example.com', role: 'admin' });
    const reply = await server.services.cannedReplies.create(
      { id: admin.operatorId, role: 'admin', queueIds: [] },
      {
        scope: 'personal',
        title: 'Роуминг',
        shortcut: 'roaming',
        body: 'Роуминг включается в приложении.',
        language: 'ru',
      },
    );
    replyId = reply.id;
    page = await (await suite.browser.newContext({ locale: 'en-US' })).newPage();
    await logInToWorkspace(page, suite.base, { email: 'anna@example.com', password: 'test-operator-pass-1' });
    await page.getByTestId('nav-replies').waitFor();
  });

  it('loads the canned replies and deletes one from the table', async () => {
    await page.getByTestId('nav-replies').click();
    const row = page.getByTestId(`canned-row-${replyId}`);
    await expect.poll(() => row.textContent()).toContain('/roaming');
    expect(await page.getByTestId('canned-table').getByRole('columnheader').allTextContents()).toEqual([
      'Shortcut',
      'Title',
      'Text',
      'For',
      'Language',
      'Uses',
      'Actions',
    ]);
    await page.getByTestId(`canned-delete-${replyId}`).click();
    await page.getByTestId('canned-delete-dialog').getByTestId('confirm-ok').click();
    await expect
      .poll(() => page.getByTestId('canned-screen').textContent())
      .toContain('No canned replies here yet.');
    expect(await page.getByTestId('canned-error').count()).toBe(0);
  });

  it('loads the (empty) token list and shows a created token in the table', async () => {
    await page.getByTestId('nav-tokens').click();
    await expect.poll(() => page.getByTestId('tokens-screen').textContent()).toContain('No API tokens yet.');
    await page.getByTestId('token-name').fill('Report script');
    await page.getByTestId('token-expiry').selectOption('30');
    await page.getByTestId('token-create').click();
    await expect.poll(() => page.getByTestId('token-table').textContent()).toContain('Report script');
    expect(await page.getByTestId('tokens-error').count()).toBe(0);
  });

  it('loads the channels and the entry points, and reloads them', async () => {
    await page.getByTestId('nav-channels').click();
    const screen = page.getByTestId('channels-screen');
    await expect.poll(() => screen.textContent()).not.toContain('Loading');
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByTestId('channel-connect-open').click();
    await expect
      .poll(() => page.getByTestId('channel-form-entry').locator('option').count())
      .toBeGreaterThan(1);
    expect(await page.getByTestId('channels-error').count()).toBe(0);
  });
});
