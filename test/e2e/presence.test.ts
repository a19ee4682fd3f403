import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caseOfMessage } from '../../apps/server/test/support/cases.ts';
import { customerSends, startVisitor, type TestServer } from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

const olgaLogin = { email: 'olga@example.com', password: 'operator-pass-1' };

/** An operator takes a lunch break from the top bar, comes back, and ends the shift (confirmed). */
describe('presence in the top bar (Chromium)', () => {
  let server: TestServer;
  let page: Page;
  let base: string;
  let olgaId: number;

  startBrowserSuite(
    { operators: [{ ...olgaLogin, name: 'Ольга Смирнова', role: 'operator', capacity: 5, queueIds: [1] }] },
    async (suite) => {
      ({ server, base } = suite);
      olgaId = suite.operators[0]?.id ?? 0;
      page = await suite.browser.newPage();
    },
  );

  const olga = () =>
    server.store.db
      .selectFrom('operators')
      .select(['presence', 'presence_reason'])
      .where('id', '=', olgaId)
      .executeTakeFirstOrThrow();

  it('a break with a reason, back online, then End shift returns the open case to the queue', async () => {
    await logInToWorkspace(page, base, olgaLogin);
    const select = page.getByTestId('presence-select');
    await select.selectOption('online');
    await expect.poll(olga).toEqual({ presence: 'online', presence_reason: null });
    const visitor = await startVisitor(server);
    const caseId = await caseOfMessage(server, (await customerSends(server, visitor, 'Помогите')).messageId);

    await select.selectOption('away:lunch');
    await expect.poll(olga).toEqual({ presence: 'away', presence_reason: 'lunch' });
    await expect.poll(() => select.locator('option:checked').textContent()).toBe('Break: Lunch');
    await select.selectOption('online');
    await expect.poll(olga).toEqual({ presence: 'online', presence_reason: null });

    await page.getByTestId('end-shift').click();
    await page.getByTestId('end-shift-dialog').getByTestId('confirm-ok').click();
    await expect.poll(olga).toEqual({ presence: 'offline', presence_reason: 'shift_end' });
    const row = await server.store.db
      .selectFrom('cases')
      .select(['status', 'assignee_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'queued', assignee_id: null });
    await expect.poll(() => select.inputValue()).toBe('offline');
  });
});
