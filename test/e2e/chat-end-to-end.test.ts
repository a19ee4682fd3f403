import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../../apps/server/test/support/test-server.ts';
import { logInToWorkspace, startBrowserSuite } from './support/suite.ts';

const olgaLogin = { email: 'olga@example.com', password: 'operator-pass-1' };
const xss = '<img src=x onerror="window.__xss=1">';

/**
 * A customer writes in the widget on the demo page, an operator logged into the workspace sees it appear live,
 * replies, and the customer sees the reply; then the operator's socket is dropped while messages arrive and
 * nothing is missed after it resumes.
 */
describe('web chat end to end in Chromium', () => {
  let server: TestServer;
  let base: string;
  let operatorContext: BrowserContext;
  let customerContext: BrowserContext;
  let operator: Page;
  let customer: Page;
  const dialogs: string[] = [];

  startBrowserSuite(
    { operators: [{ ...olgaLogin, name: 'Ольга Смирнова', role: 'operator', capacity: 5, queueIds: [1] }] },
    async (suite) => {
      ({ server, base } = suite);
      operatorContext = await suite.browser.newContext({ locale: 'ru-RU' });
      customerContext = await suite.browser.newContext({ locale: 'ru-RU' });
      // Lets the test cut the operator's realtime socket and hold off its reconnects.
      await operatorContext.addInitScript(() => {
        const Native = window.WebSocket;
        const w = window as unknown as { __sockets: WebSocket[]; __blockSockets: boolean };
        w.__sockets = [];
        w.__blockSockets = false;
        class Tracked extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            // Blocked: a same-origin address the server refuses (the workspace's CSP allows only its own origin,
            // so a foreign address would be refused by the browser without ever closing the socket).
            super(w.__blockSockets ? `${location.origin.replace(/^http/, 'ws')}/blocked` : url, protocols);
            w.__sockets.push(this);
          }
        }
        window.WebSocket = Tracked;
      });
      operator = await operatorContext.newPage();
      customer = await customerContext.newPage();
      for (const page of [operator, customer])
        page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    },
  );

  it('customer writes in the widget, operator answers live, customer sees the reply', async () => {
    await logInToWorkspace(operator, base, olgaLogin);
    await operator.getByTestId('presence-select').selectOption('online');
    await expect.poll(() => operator.getByTestId('conn-status').getAttribute('data-state')).toBe('online');

    await customer.goto(`${base}/demo/`);
    await customer.getByTestId('fl-launcher').click();
    await customer.getByTestId('fl-input').fill(`Не работает интернет ${xss}`);
    await customer.getByTestId('fl-send').click();
    await expect
      .poll(() => customer.getByTestId('fl-message-in').first().textContent())
      .toContain('Не работает интернет');

    // The case appears live in the operator's inbox (routed to her: she is the only one online).
    const caseRow = await server.store.db
      .selectFrom('cases')
      .select(['id', 'assignee_id'])
      .executeTakeFirstOrThrow();
    const ops = await server.store.db
      .selectFrom('operators')
      .select('id')
      .where('email', '=', 'olga@example.com')
      .executeTakeFirstOrThrow();
    expect(caseRow.assignee_id).toBe(ops.id);
    await operator.getByTestId('inbox-tab-mine').click();
    await operator.getByTestId(`inbox-item-${caseRow.id}`).click();
    const inbound = operator.getByTestId('timeline').locator('[data-direction="in"]');
    await expect.poll(() => inbound.first().textContent()).toContain(xss);

    await operator.getByTestId('composer-input').fill('Здравствуйте! Перезагрузите, пожалуйста, роутер.');
    await operator.getByTestId('composer-send').click();

    await expect
      .poll(() => customer.getByTestId('fl-message-out').first().textContent(), { timeout: 10_000 })
      .toContain('Перезагрузите');
    // The operator sees delivery state move past "queued".
    const reply = await server.store.db
      .selectFrom('messages')
      .select(['id', 'status'])
      .where('direction', '=', 'out')
      .executeTakeFirstOrThrow();
    await expect
      .poll(
        async () =>
          (await operator.getByTestId(`msg-status-${reply.id}`).getAttribute('title')) ??
          (await operator.getByTestId(`msg-status-${reply.id}`).textContent()),
      )
      .not.toMatch(/◷/);

    // XSS payloads are shown as text in both UIs and never run.
    expect(await customer.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await operator.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // No error surfaced to the customer along the way.
    expect(await customer.getByTestId('fl-error').count()).toBe(0);

    // History survives a page reload (visitor token in localStorage, history re-fetched).
    await customer.reload();
    await customer.getByTestId('fl-launcher').click();
    await expect
      .poll(() => customer.getByTestId('fl-message-out').first().textContent())
      .toContain('Перезагрузите');
    await expect
      .poll(() => customer.getByTestId('fl-message-in').first().textContent())
      .toContain('Не работает интернет');
    expect(await customer.getByTestId('fl-message-in').count()).toBe(1);
  });

  it("F22: misses nothing when the operator's socket drops while messages arrive", async () => {
    const caseId = (await server.store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id;
    const received: string[] = [];
    operator.on('websocket', (ws) => {
      if (!ws.url().includes('/api/v1/realtime')) return;
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string') received.push(`${ws.url()} ${f.payload}`);
      });
    });
    const socketsBefore = await operator.evaluate(
      () => (window as unknown as { __sockets: WebSocket[] }).__sockets.length,
    );
    await operator.evaluate(() => {
      const w = window as unknown as { __sockets: WebSocket[]; __blockSockets: boolean };
      w.__blockSockets = true;
      for (const s of w.__sockets) s.close();
    });
    await expect.poll(() => operator.getByTestId('conn-status').getAttribute('data-state')).toBe('offline');

    const texts = ['Первое сообщение в обрыв', 'Второе сообщение в обрыв', 'Третье сообщение в обрыв'];
    for (const text of texts) {
      await customer.getByTestId('fl-input').fill(text);
      await customer.getByTestId('fl-send').click();
    }
    await expect
      .poll(async () =>
        server.store.db
          .selectFrom('messages')
          .select('id')
          .where('text', 'in', texts)
          .execute()
          .then((r) => r.length),
      )
      .toBe(3);

    await operator.evaluate(() => {
      (window as unknown as { __blockSockets: boolean }).__blockSockets = false;
    });
    await expect
      .poll(() => operator.getByTestId('conn-status').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('online');

    // The resumed socket asked for the events after its cursor and got each missed message exactly once.
    const urls = await operator.evaluate(() =>
      (window as unknown as { __sockets: WebSocket[] }).__sockets.map((s) => s.url),
    );
    const resumed = urls
      .slice(socketsBefore)
      .filter((u) => u.includes('/api/v1/realtime') && !u.includes('blocked'));
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.at(-1)).toMatch(/since=[1-9]\d*/);
    for (const text of texts) {
      const frames = received.filter((r) => r.includes('"message.created"') && r.includes(text));
      expect(frames, text).toHaveLength(1);
    }
    const timeline = operator.getByTestId('timeline');
    for (const text of texts)
      await expect.poll(() => timeline.getByText(text, { exact: false }).count()).toBe(1);
    expect(await customer.getByTestId('fl-error').count()).toBe(0);
    const inbox = await operator.getByTestId(`inbox-item-${caseId}`).textContent();
    expect(inbox).toContain('Третье сообщение в обрыв');
  });
});
